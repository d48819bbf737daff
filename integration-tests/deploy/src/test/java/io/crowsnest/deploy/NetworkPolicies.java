package io.crowsnest.deploy;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * Evaluates rendered NetworkPolicies the way Kubernetes does, for TCP between pods: a pod selected
 * by no policy of a direction is open in that direction; a selected pod accepts only what one of
 * the rules of the policies selecting it allows. Enough for the chart (matchLabels,
 * matchExpressions, podSelector/namespaceSelector peers, numeric and named ports); ipBlock peers
 * never match pods here.
 */
final class NetworkPolicies {

    /** A pod: its namespace (with the namespace's labels), labels and container ports. */
    record Pod(String description, String namespace, Map<String, String> namespaceLabels,
            Map<String, String> labels, List<Container> containers) {

        static Pod inRelease(String description, Map<String, String> labels, List<Container> containers) {
            return new Pod(description, HelmChart.NAMESPACE,
                    Map.of("kubernetes.io/metadata.name", HelmChart.NAMESPACE), labels, containers);
        }

        /** A pod outside the release, in another namespace (a client, an ingress controller...). */
        static Pod outside(String namespace) {
            return new Pod("a pod in namespace " + namespace, namespace,
                    Map.of("kubernetes.io/metadata.name", namespace), Map.of(), List.of());
        }

        Integer namedPort(String name) {
            return containers.stream()
                    .flatMap(c -> c.getPorts() == null ? java.util.stream.Stream.<ContainerPort>empty() : c.getPorts().stream())
                    .filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort).findFirst().orElse(null);
        }
    }

    private final List<NetworkPolicy> policies;

    NetworkPolicies(List<NetworkPolicy> policies) {
        this.policies = policies;
    }

    /** Whether TCP from {@code source} to {@code destination} on {@code port} is allowed both ways round. */
    boolean allows(Pod source, Pod destination, int port) {
        return ingressAllows(source, destination, port) && egressAllows(source, destination, port);
    }

    boolean selects(NetworkPolicy policy, Pod pod) {
        String namespace = policy.getMetadata().getNamespace() == null
                ? HelmChart.NAMESPACE : policy.getMetadata().getNamespace();
        return pod.namespace().equals(namespace) && matches(policy.getSpec().getPodSelector(), pod.labels());
    }

    boolean selectedByAny(Pod pod) {
        return policies.stream().anyMatch(p -> selects(p, pod));
    }

    private boolean ingressAllows(Pod source, Pod destination, int port) {
        List<NetworkPolicy> applying = policies.stream()
                .filter(p -> hasType(p, "Ingress") && selects(p, destination)).toList();
        return applying.isEmpty() || applying.stream().anyMatch(p -> p.getSpec().getIngress() != null
                && p.getSpec().getIngress().stream().anyMatch(rule -> peersMatch(rule.getFrom(), source)
                        && portsMatch(rule.getPorts(), destination, port)));
    }

    private boolean egressAllows(Pod source, Pod destination, int port) {
        List<NetworkPolicy> applying = policies.stream()
                .filter(p -> hasType(p, "Egress") && selects(p, source)).toList();
        return applying.isEmpty() || applying.stream().anyMatch(p -> p.getSpec().getEgress() != null
                && p.getSpec().getEgress().stream().anyMatch(rule -> peersMatch(rule.getTo(), destination)
                        && portsMatch(rule.getPorts(), destination, port)));
    }

    private static boolean hasType(NetworkPolicy policy, String type) {
        List<String> types = policy.getSpec().getPolicyTypes();
        if (types == null || types.isEmpty()) {
            return type.equals("Ingress") || policy.getSpec().getEgress() != null;
        }
        return types.contains(type);
    }

    private static boolean peersMatch(List<NetworkPolicyPeer> peers, Pod pod) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                continue;
            }
            boolean namespaceOk = peer.getNamespaceSelector() == null
                    ? pod.namespace().equals(HelmChart.NAMESPACE)
                    : matches(peer.getNamespaceSelector(), pod.namespaceLabels());
            boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), pod.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, Pod destination, int port) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort rule : ports) {
            String protocol = rule.getProtocol() == null ? "TCP" : rule.getProtocol();
            if (!protocol.equals("TCP")) {
                continue;
            }
            IntOrString value = rule.getPort();
            if (value == null) {
                return true;
            }
            Integer number = value.getIntVal() != null ? value.getIntVal() : destination.namedPort(value.getStrVal());
            if (number == null) {
                continue;
            }
            int end = rule.getEndPort() != null ? rule.getEndPort() : number;
            if (port >= number && port <= end) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> required : selector.getMatchLabels().entrySet()) {
                if (!required.getValue().equals(labels.get(required.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = labels.get(requirement.getKey());
                boolean ok = switch (requirement.getOperator()) {
                    case "In" -> value != null && requirement.getValues().contains(value);
                    case "NotIn" -> value == null || !requirement.getValues().contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new IllegalArgumentException("operator " + requirement.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
