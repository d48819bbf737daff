package io.crowsnest.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.crowsnest.deploy.HelmChart.ValueSet;
import io.crowsnest.deploy.Manifests.Workload;
import io.crowsnest.deploy.NetworkPolicies.Pod;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Renders the chart with every value set and checks what must hold whatever the values: valid
 * Kubernetes objects, standard labels, hardened workloads, Services and configuration that resolve,
 * and NetworkPolicies that allow exactly the call graph and the stores' owners.
 */
class ChartPolicyTest {

    private static final Pattern HOST_KEY = Pattern.compile("^CROWSNEST_([A-Z_]+)_HOST$");
    private static final List<String> LABELS = List.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
            "app.kubernetes.io/version", "app.kubernetes.io/component", "app.kubernetes.io/part-of",
            "app.kubernetes.io/managed-by", "helm.sh/chart");

    static Stream<ValueSet> valueSets() {
        return ValueSets.all();
    }

    static Manifests render(ValueSet values) {
        return Manifests.parse(HelmChart.template(values));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyObjectIsValidInTheKubernetesApiModel(ValueSet values) {
        Manifests manifests = render(values);
        assertEquals(List.of(), manifests.problems(), "rendered objects that Kubernetes would reject");
        assertTrue(manifests.of(Deployment.class).size() >= 7, "a Deployment per service");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyObjectCarriesTheStandardLabels(ValueSet values) {
        List<String> missing = new ArrayList<>();
        for (Manifests.Manifest manifest : render(values).all()) {
            Map<String, String> labels = Optional.ofNullable(manifest.object().getMetadata().getLabels()).orElse(Map.of());
            LABELS.stream().filter(l -> !labels.containsKey(l)).forEach(l -> missing.add(manifest + " lacks " + l));
            if (!"crowsnest".equals(labels.get("app.kubernetes.io/part-of"))
                    || !HelmChart.RELEASE.equals(labels.get("app.kubernetes.io/instance"))) {
                missing.add(manifest + " is not labelled part-of=crowsnest, instance=" + HelmChart.RELEASE);
            }
        }
        for (Workload workload : render(values).workloads()) {
            Map<String, String> labels = workload.template().getMetadata().getLabels();
            LABELS.stream().filter(l -> !labels.containsKey(l))
                    .forEach(l -> missing.add(workload.describe() + " pod template lacks " + l));
        }
        assertEquals(List.of(), missing);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void workloadsAreHardenedAndRunUnderTheirOwnServiceAccount(ValueSet values) {
        Manifests manifests = render(values);
        List<String> problems = new ArrayList<>();
        Map<String, String> accountUsers = new HashMap<>();
        Set<String> accounts = manifests.names(ServiceAccount.class);
        for (Workload workload : manifests.workloads()) {
            String what = workload.describe();
            PodSpec pod = workload.template().getSpec();
            String account = pod.getServiceAccountName();
            if (account == null || account.isEmpty() || account.equals("default")) {
                problems.add(what + " runs under the default ServiceAccount");
            } else {
                if (!accounts.contains(account)) {
                    problems.add(what + " uses ServiceAccount " + account + ", which the chart does not render");
                }
                String previous = accountUsers.put(account, what);
                if (previous != null) {
                    problems.add(what + " shares ServiceAccount " + account + " with " + previous);
                }
            }
            if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
                problems.add(what + " mounts an API token");
            }
            if (!Boolean.FALSE.equals(pod.getEnableServiceLinks())) {
                problems.add(what + " gets service link variables (they clash with CROWSNEST_<SERVICE>_PORT)");
            }
            PodSecurityContext podSecurity = pod.getSecurityContext();
            boolean podNonRoot = podSecurity != null && Boolean.TRUE.equals(podSecurity.getRunAsNonRoot());
            boolean podSeccomp = podSecurity != null && podSecurity.getSeccompProfile() != null
                    && "RuntimeDefault".equals(podSecurity.getSeccompProfile().getType());
            if (podSecurity != null && podSecurity.getRunAsUser() != null && podSecurity.getRunAsUser() == 0) {
                problems.add(what + " runs as uid 0");
            }
            List<Container> containers = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                containers.addAll(pod.getInitContainers());
            }
            for (Container container : containers) {
                String c = what + " container " + container.getName();
                if (container.getResources() == null || container.getResources().getLimits() == null
                        || !container.getResources().getLimits().keySet().containsAll(List.of("cpu", "memory"))) {
                    problems.add(c + " has no cpu and memory limits");
                }
                if (container.getResources() == null || container.getResources().getRequests() == null
                        || !container.getResources().getRequests().keySet().containsAll(List.of("cpu", "memory"))) {
                    problems.add(c + " has no cpu and memory requests");
                }
                SecurityContext security = container.getSecurityContext();
                if (security == null) {
                    problems.add(c + " has no securityContext");
                    continue;
                }
                if (!podNonRoot && !Boolean.TRUE.equals(security.getRunAsNonRoot())) {
                    problems.add(c + " may run as root (runAsNonRoot)");
                }
                if (!Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
                    problems.add(c + " has a writable root filesystem");
                }
                if (!Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
                    problems.add(c + " allows privilege escalation");
                }
                if (security.getCapabilities() == null || security.getCapabilities().getDrop() == null
                        || !security.getCapabilities().getDrop().contains("ALL")
                        || (security.getCapabilities().getAdd() != null && !security.getCapabilities().getAdd().isEmpty())) {
                    problems.add(c + " does not drop ALL capabilities");
                }
                boolean seccomp = podSeccomp || (security.getSeccompProfile() != null
                        && "RuntimeDefault".equals(security.getSeccompProfile().getType()));
                if (!seccomp) {
                    problems.add(c + " has no RuntimeDefault seccomp profile");
                }
                if (!mountsEmptyDir(pod, container, "/tmp")) {
                    problems.add(c + " has no writable /tmp (emptyDir)");
                }
            }
        }
        for (Deployment deployment : manifests.of(Deployment.class)) {
            String what = "Deployment/" + deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Long grace = pod.getTerminationGracePeriodSeconds();
            if (grace == null || grace <= 10) {
                problems.add(what + " terminationGracePeriodSeconds " + grace + " is not above the 10 s shutdown");
            }
            // the gateway serves /q/health on its management port, apart from its public API
            String port = what.endsWith("-gateway") ? "management" : "http";
            for (Container container : pod.getContainers()) {
                checkProbe(problems, what + " startupProbe", container.getStartupProbe(), "/q/health/started", port);
                checkProbe(problems, what + " livenessProbe", container.getLivenessProbe(), "/q/health/live", port);
                checkProbe(problems, what + " readinessProbe", container.getReadinessProbe(), "/q/health/ready", port);
            }
        }
        for (StatefulSet store : manifests.of(StatefulSet.class)) {
            for (Container container : store.getSpec().getTemplate().getSpec().getContainers()) {
                if (container.getLivenessProbe() == null || container.getReadinessProbe() == null) {
                    problems.add("StatefulSet/" + store.getMetadata().getName() + " lacks liveness or readiness probes");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static void checkProbe(List<String> problems, String what, Probe probe, String path, String port) {
        if (probe == null || probe.getHttpGet() == null) {
            problems.add(what + " is missing (expected GET " + path + ")");
        } else if (!path.equals(probe.getHttpGet().getPath()) || !port.equals(probe.getHttpGet().getPort().getStrVal())) {
            problems.add(what + " is GET " + probe.getHttpGet().getPath() + " on " + probe.getHttpGet().getPort()
                    + ", expected " + path + " on port " + port);
        }
    }

    private static boolean mountsEmptyDir(PodSpec pod, Container container, String path) {
        if (container.getVolumeMounts() == null) {
            return false;
        }
        for (VolumeMount mount : container.getVolumeMounts()) {
            if (path.equals(mount.getMountPath()) && !Boolean.TRUE.equals(mount.getReadOnly())) {
                for (Volume volume : pod.getVolumes()) {
                    if (volume.getName().equals(mount.getName()) && volume.getEmptyDir() != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void servicesSelectPodsThroughNamedPorts(ValueSet values) {
        Manifests manifests = render(values);
        List<String> problems = new ArrayList<>();
        for (Service service : manifests.of(Service.class)) {
            String what = "Service/" + service.getMetadata().getName();
            List<Workload> selected = manifests.workloads().stream()
                    .filter(w -> selects(service.getSpec().getSelector(), w.template().getMetadata().getLabels()))
                    .toList();
            if (selected.isEmpty()) {
                problems.add(what + " selects no pods");
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                if (port.getName() == null || port.getName().isEmpty()) {
                    problems.add(what + " port " + port.getPort() + " has no name");
                }
                String target = port.getTargetPort() == null ? null : port.getTargetPort().getStrVal();
                for (Workload workload : selected) {
                    Pod pod = Pod.inRelease(workload.describe(), Map.of(), workload.template().getSpec().getContainers());
                    if (target == null || pod.namedPort(target) == null) {
                        problems.add(what + " port " + port.getName() + " targets " + port.getTargetPort()
                                + ", not a named port of " + workload.describe());
                    }
                }
            }
        }
        for (Deployment deployment : manifests.of(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            Service service = manifests.get(Service.class, name);
            Set<String> portNames = service.getSpec().getPorts().stream().map(ServicePort::getName).collect(Collectors.toSet());
            Set<String> expected = name.endsWith("-gateway") ? Set.of("http", "management") : Set.of("http", "grpc");
            assertEquals(expected, portNames, "ports of Service/" + name);
        }
        assertEquals(List.of(), problems);
    }

    private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty()
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyGrpcClientTargetIsAServiceOfTheChart(ValueSet values) {
        Manifests manifests = render(values);
        List<String> problems = new ArrayList<>();
        int targets = 0;
        for (ConfigMap config : manifests.of(ConfigMap.class)) {
            Map<String, String> data = Optional.ofNullable(config.getData()).orElse(Map.of());
            for (Map.Entry<String, String> entry : data.entrySet()) {
                Matcher host = HOST_KEY.matcher(entry.getKey());
                if (!host.matches()) {
                    continue;
                }
                targets++;
                String what = "ConfigMap/" + config.getMetadata().getName() + " " + entry.getKey() + "=" + entry.getValue();
                Optional<Service> service = manifests.find(Service.class, entry.getValue());
                String port = data.get("CROWSNEST_" + host.group(1) + "_PORT");
                if (service.isEmpty()) {
                    problems.add(what + " is not a Service of the chart");
                } else if (port == null) {
                    problems.add(what + " has no CROWSNEST_" + host.group(1) + "_PORT");
                } else if (service.get().getSpec().getPorts().stream()
                        .noneMatch(p -> "grpc".equals(p.getName()) && String.valueOf(p.getPort()).equals(port))) {
                    problems.add(what + ": port " + port + " is not the grpc port of Service/" + entry.getValue());
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(targets >= 6, "the gateway alone calls six services; found " + targets + " gRPC targets");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void servicesGetTheirSettingsAndCredentialsFromObjectsThatExist(ValueSet values) {
        Manifests manifests = render(values);
        Set<String> existing = ValueSets.existingSecrets(values);
        List<String> problems = new ArrayList<>();
        for (Workload workload : manifests.workloads()) {
            for (Container container : workload.template().getSpec().getContainers()) {
                String what = workload.describe() + " container " + container.getName();
                for (EnvFromSource from : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
                    if (from.getConfigMapRef() != null
                            && manifests.find(ConfigMap.class, from.getConfigMapRef().getName()).isEmpty()) {
                        problems.add(what + " reads missing ConfigMap " + from.getConfigMapRef().getName());
                    }
                }
                for (EnvVar env : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
                    if (env.getValueFrom() == null || env.getValueFrom().getSecretKeyRef() == null) {
                        continue;
                    }
                    String secret = env.getValueFrom().getSecretKeyRef().getName();
                    String key = env.getValueFrom().getSecretKeyRef().getKey();
                    Optional<Secret> rendered = manifests.find(Secret.class, secret);
                    if (rendered.isPresent()) {
                        Map<String, String> data = Optional.ofNullable(rendered.get().getData()).orElse(Map.of());
                        // an optional reference (a key put there by hand, e.g. a rotated-in key) may be absent
                        if (!data.containsKey(key) && !Boolean.TRUE.equals(env.getValueFrom().getSecretKeyRef().getOptional())) {
                            problems.add(what + " " + env.getName() + " reads key " + key + " that Secret/" + secret + " lacks");
                        }
                    } else if (!existing.contains(secret)) {
                        problems.add(what + " " + env.getName() + " reads Secret/" + secret
                                + ", neither rendered nor an existingSecret of the values");
                    }
                }
            }
        }
        for (Deployment deployment : manifests.of(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> config = manifests.get(ConfigMap.class, name).getData();
            Pod pod = Pod.inRelease(name, Map.of(), List.of(container));
            assertEquals(String.valueOf(pod.namedPort("http")), config.get("QUARKUS_HTTP_PORT"), name + " HTTP port");
            if (pod.namedPort("grpc") != null) {
                assertEquals(String.valueOf(pod.namedPort("grpc")), config.get("QUARKUS_GRPC_SERVER_PORT"), name + " gRPC port");
            }
            assertEquals(pod.namedPort("management") == null ? null : String.valueOf(pod.namedPort("management")),
                    config.get("QUARKUS_MANAGEMENT_PORT"), name + " management port");
            assertEquals("true", config.get("CROWSNEST_JSON_LOGS"), name + " logs JSON in the cluster");
            Set<String> env = container.getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet());
            // every service owns a database (the gateway: its access audit)
            assertTrue(env.contains("CROWSNEST_MONGODB_URI"), name + " CROWSNEST_MONGODB_URI");
            boolean ownsRedis = Stream.of("-scoring", "-contact-governance", "-alert-notification").anyMatch(name::endsWith);
            assertEquals(ownsRedis, env.contains("CROWSNEST_REDIS_URI"), name + " CROWSNEST_REDIS_URI");
            String image = container.getImage();
            String service = name.substring((HelmChart.RELEASE + "-").length());
            assertTrue(image.matches("^([a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)*/)?crowsnest/" + Pattern.quote(service) + ":[\\w.-]+$"),
                    name + " image " + image + " is not [registry/]crowsnest/" + service + ":<tag>");
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void storeAddressesResolveToObjectsOfTheChart(ValueSet values) {
        Manifests manifests = render(values);
        for (Deployment deployment : manifests.of(Deployment.class)) {
            for (EnvVar env : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
                if (env.getValue() == null) {
                    continue;
                }
                String what = "Deployment/" + deployment.getMetadata().getName() + " " + env.getName();
                if (env.getName().equals("CROWSNEST_MONGODB_URI")) {
                    Matcher uri = Pattern.compile("^mongodb://([^:@]+):\\$\\(CROWSNEST_MONGODB_PASSWORD\\)@([^/]+)/([^?]+)\\?(.*)$")
                            .matcher(env.getValue());
                    assertTrue(uri.matches(), what + " " + env.getValue());
                    for (String host : uri.group(2).split(",")) {
                        Matcher member = Pattern.compile("^(.+)-(\\d+)\\.([^.:]+):(\\d+)$").matcher(host);
                        assertTrue(member.matches(), what + " member " + host);
                        StatefulSet mongo = manifests.get(StatefulSet.class, member.group(1));
                        assertEquals(member.group(3), mongo.getSpec().getServiceName(), what + " headless service of " + host);
                        Service headless = manifests.get(Service.class, member.group(3));
                        assertEquals("None", headless.getSpec().getClusterIP(), what + " " + member.group(3) + " is headless");
                        assertTrue(Integer.parseInt(member.group(2)) < mongo.getSpec().getReplicas(), what + " member " + host + " exists");
                    }
                    assertTrue(uri.group(4).contains("authSource=" + uri.group(3)), what + " authenticates on its own database");
                }
                if (env.getName().equals("CROWSNEST_REDIS_URI")) {
                    Matcher uri = Pattern.compile("^redis://:\\$\\(CROWSNEST_REDIS_PASSWORD\\)@([^:]+):(\\d+)$").matcher(env.getValue());
                    assertTrue(uri.matches(), what + " " + env.getValue());
                    Service redis = manifests.get(Service.class, uri.group(1));
                    assertTrue(redis.getSpec().getPorts().stream().anyMatch(p -> String.valueOf(p.getPort()).equals(uri.group(2))),
                            what + " port " + uri.group(2));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void autoscalersAndDisruptionBudgetsTargetRenderedWorkloads(ValueSet values) {
        Manifests manifests = render(values);
        for (HorizontalPodAutoscaler hpa : manifests.of(HorizontalPodAutoscaler.class)) {
            String target = hpa.getSpec().getScaleTargetRef().getName();
            Deployment deployment = manifests.get(Deployment.class, target);
            assertEquals(null, deployment.getSpec().getReplicas(), "Deployment/" + target + " leaves replicas to its HPA");
            assertTrue(hpa.getSpec().getMetrics().stream().anyMatch(m -> "Resource".equals(m.getType())
                    && "cpu".equals(m.getResource().getName())), "HPA/" + target + " scales on CPU");
            assertTrue(hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas(), "HPA/" + target + " min <= max");
        }
        for (PodDisruptionBudget pdb : manifests.of(PodDisruptionBudget.class)) {
            String what = "PodDisruptionBudget/" + pdb.getMetadata().getName();
            assertTrue(pdb.getSpec().getMinAvailable() == null ^ pdb.getSpec().getMaxUnavailable() == null,
                    what + " sets exactly one of minAvailable and maxUnavailable");
            assertTrue(manifests.workloads().stream().anyMatch(w -> NetworkPolicies.matches(pdb.getSpec().getSelector(),
                    w.template().getMetadata().getLabels())), what + " selects no workload");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void noSecretIsEverPassedOnACommandLine(ValueSet values) {
        List<String> problems = new ArrayList<>();
        for (Workload workload : render(values).workloads()) {
            PodSpec pod = workload.template().getSpec();
            List<Container> containers = new ArrayList<>(pod.getContainers());
            containers.addAll(pod.getInitContainers());
            for (Container c : containers) {
                Set<String> fromSecrets = c.getEnv().stream()
                        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                        .map(EnvVar::getName).collect(Collectors.toSet());
                List<String> line = new ArrayList<>(c.getCommand());
                line.addAll(c.getArgs());
                for (String word : line) {
                    for (String secretEnv : fromSecrets) {
                        if (word.contains("$(" + secretEnv + ")")) {
                            problems.add(workload.describe() + "/" + c.getName() + " puts " + secretEnv + " on its command line");
                        }
                    }
                    if (word.contains("--requirepass") || word.contains("--password") || word.matches(".*\\s-a\\s.*")) {
                        problems.add(workload.describe() + "/" + c.getName() + " passes a password option: " + word);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyBundledRedisHasADisruptionBudgetUnlessSwitchedOff(ValueSet values) {
        if (values.equals(ValueSets.MINIMAL)) {
            return;
        }
        Manifests manifests = render(values);
        for (StatefulSet redis : manifests.of(StatefulSet.class)) {
            if (!redis.getMetadata().getName().endsWith("-redis")) {
                continue;
            }
            Map<String, String> labels = redis.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(manifests.of(PodDisruptionBudget.class).stream()
                    .anyMatch(pdb -> NetworkPolicies.matches(pdb.getSpec().getSelector(), labels)),
                    "StatefulSet/" + redis.getMetadata().getName() + " has a PodDisruptionBudget");
        }
    }

    /** Pods of the release, by the app.kubernetes.io/name of their workload. */
    static Map<String, Pod> pods(Manifests manifests) {
        Map<String, Pod> pods = new HashMap<>();
        for (Workload workload : manifests.workloads()) {
            Map<String, String> labels = workload.template().getMetadata().getLabels();
            pods.put(labels.get("app.kubernetes.io/name"),
                    Pod.inRelease(workload.describe(), labels, workload.template().getSpec().getContainers()));
        }
        return pods;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void networkPoliciesAllowExactlyTheCallGraphAndTheStoreOwners(ValueSet values) {
        Manifests manifests = render(values);
        List<NetworkPolicy> list = manifests.of(NetworkPolicy.class);
        if (values.sets().get("networkPolicy.enabled") == Boolean.FALSE) {
            assertEquals(List.of(), list, "networkPolicy.enabled=false renders no NetworkPolicy");
            return;
        }
        NetworkPolicies policies = new NetworkPolicies(list);
        Map<String, Pod> pods = pods(manifests);
        List<String> problems = new ArrayList<>();
        pods.values().stream().filter(p -> !policies.selectedByAny(p))
                .forEach(p -> problems.add(p.description() + " is selected by no NetworkPolicy"));

        // gRPC: A may open B's gRPC port if and only if A's configuration names B as a target.
        Map<String, Set<String>> calls = callGraph(manifests);
        Map<String, Integer> grpcPorts = new HashMap<>();
        for (Deployment deployment : manifests.of(Deployment.class)) {
            String service = deployment.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name");
            Integer grpc = pods.get(service).namedPort("grpc");
            if (grpc != null) {
                grpcPorts.put(service, grpc);
            }
        }
        for (String caller : calls.keySet()) {
            for (Map.Entry<String, Integer> callee : grpcPorts.entrySet()) {
                boolean expected = calls.get(caller).contains(callee.getKey());
                boolean allowed = policies.allows(pods.get(caller), pods.get(callee.getKey()), callee.getValue());
                if (expected != allowed) {
                    problems.add(caller + " -> " + callee.getKey() + " gRPC " + (allowed ? "allowed but not a call" : "is a call but blocked"));
                }
            }
        }
        Pod outsider = Pod.outside("elsewhere");
        for (Map.Entry<String, Integer> callee : grpcPorts.entrySet()) {
            if (policies.allows(outsider, pods.get(callee.getKey()), callee.getValue())) {
                problems.add("a pod outside the release reaches " + callee.getKey() + " gRPC");
            }
        }

        // Only the gateway takes traffic from outside the release, on its HTTP port.
        Pod ingressController = Pod.outside("ingress-nginx");
        for (Map.Entry<String, Pod> pod : pods.entrySet()) {
            Integer http = pod.getValue().namedPort("http");
            boolean gateway = pod.getKey().equals("gateway");
            if (http != null && policies.allows(ingressController, pod.getValue(), http) != gateway) {
                problems.add(pod.getKey() + " HTTP from the ingress controller is " + (gateway ? "blocked" : "allowed"));
            }
            // health and metrics are served apart from the API: never reachable from outside
            Integer management = pod.getValue().namedPort("management");
            if (management != null && policies.allows(ingressController, pod.getValue(), management)) {
                problems.add(pod.getKey() + " management port (health, metrics) is open to the ingress controller");
            }
        }

        // Stores: each Redis only from its owner; MongoDB only from services with a database,
        // its init Job and its own members.
        for (Map.Entry<String, Pod> store : pods.entrySet()) {
            if (store.getKey().endsWith("-redis")) {
                String owner = store.getKey().substring(0, store.getKey().length() - "-redis".length());
                int port = store.getValue().namedPort("redis");
                for (Map.Entry<String, Pod> client : pods.entrySet()) {
                    boolean allowed = policies.allows(client.getValue(), store.getValue(), port);
                    if (allowed != client.getKey().equals(owner)) {
                        problems.add(client.getKey() + " -> " + store.getKey() + (allowed ? " allowed" : " blocked"));
                    }
                }
            }
            if (store.getKey().equals("mongodb")) {
                int port = store.getValue().namedPort("mongodb");
                for (Map.Entry<String, Pod> client : pods.entrySet()) {
                    boolean expected = !client.getKey().endsWith("-redis");
                    boolean allowed = policies.allows(client.getValue(), store.getValue(), port);
                    if (allowed != expected) {
                        problems.add(client.getKey() + " -> mongodb " + (allowed ? "allowed" : "blocked"));
                    }
                }
            }
        }

        // DNS from everywhere.
        Pod dns = new Pod("kube-dns", "kube-system", Map.of("kubernetes.io/metadata.name", "kube-system"),
                Map.of("k8s-app", "kube-dns"), List.of());
        pods.values().stream().filter(p -> !policies.allows(p, dns, 53))
                .forEach(p -> problems.add(p.description() + " cannot resolve names (DNS egress blocked)"));
        assertEquals(List.of(), problems);
    }

    /** Who calls whom, read from the rendered configuration (CROWSNEST_<SERVICE>_HOST). */
    static Map<String, Set<String>> callGraph(Manifests manifests) {
        Map<String, Set<String>> graph = new HashMap<>();
        String prefix = HelmChart.RELEASE + "-";
        for (Deployment deployment : manifests.of(Deployment.class)) {
            String service = deployment.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name");
            Map<String, String> data = manifests.get(ConfigMap.class, deployment.getMetadata().getName()).getData();
            graph.put(service, data.entrySet().stream().filter(e -> HOST_KEY.matcher(e.getKey()).matches())
                    .map(e -> e.getValue().substring(prefix.length())).collect(Collectors.toSet()));
        }
        return graph;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void renderedSecretsHoldOnlyWhatTheChartGenerates(ValueSet values) {
        for (Secret secret : render(values).of(Secret.class)) {
            Set<String> keys = Objects.requireNonNullElse(secret.getData(), Map.<String, String>of()).keySet();
            Set<String> allowed = Set.of("root-password", "replica-set-key", "mongodb-password", "redis-password",
                    "mongodb-uri", "redis-uri", "identity-hash-key", "identity-address-keys", "private-key.pem",
                    "certificate.pem");
            assertTrue(allowed.containsAll(keys), "Secret/" + secret.getMetadata().getName() + " keys " + keys);
            assertEquals("keep", secret.getMetadata().getAnnotations().get("helm.sh/resource-policy"),
                    "Secret/" + secret.getMetadata().getName() + " survives uninstall like the volumes it opens");
        }
    }
}
