package io.crowsnest.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.crowsnest.deploy.NetworkPolicies.Pod;
import io.crowsnest.platform.auth.AllowList;
import io.crowsnest.platform.auth.ServiceKeys;
import io.crowsnest.platform.auth.ServiceTokens;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * Service-to-service authentication in the chart: the one allow-list (services.&lt;caller&gt;.calls)
 * shows up both in each called service's configuration (CROWSNEST_SERVICE_AUTH_ALLOW) and in the
 * NetworkPolicies; every RPC it names exists; each service gets its own key pair, generated once and
 * kept on upgrades, its private key mounted into its own pod only; external callers are declared
 * with their public key.
 */
class ServiceAuthChartTest {

    private static final Pattern RPC = Pattern.compile("^\\s*rpc (\\w+)\\(", Pattern.MULTILINE);
    private final FakeKubernetesApi cluster = FakeKubernetesApi.get();

    @AfterEach
    void forgetSecrets() {
        cluster.clearSecrets();
    }

    private static Manifests render(HelmChart.ValueSet values) {
        return Manifests.parse(HelmChart.templateUncached(values));
    }

    private static String name(String service) {
        return HelmChart.RELEASE + "-" + service;
    }

    /** Each called service's allow-list as rendered into its configuration. */
    private static Map<String, AllowList> allowLists(Manifests manifests) {
        Map<String, AllowList> lists = new TreeMap<>();
        for (Deployment deployment : manifests.of(Deployment.class)) {
            String service = deployment.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name");
            Map<String, String> config = manifests.get(ConfigMap.class, deployment.getMetadata().getName()).getData();
            assertEquals("true", config.get("CROWSNEST_SERVICE_AUTH_ENABLED"), service);
            lists.put(service, AllowList.parse(config.get("CROWSNEST_SERVICE_AUTH_ALLOW")));
        }
        return lists;
    }

    @Test
    void theAllowListOfValuesIsInEachServicesConfigurationAndInTheNetworkPolicies() throws IOException {
        Manifests manifests = render(ValueSets.DEFAULT);
        Map<String, AllowList> lists = allowLists(manifests);
        // what values.yaml declares: caller -> callee -> RPCs
        Map<String, Object> values = HelmChart.readYaml(HelmChart.CHART.resolve("values.yaml"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) values.get("services");
        Map<String, Map<String, Set<String>>> declared = new TreeMap<>();
        services.forEach((caller, settings) -> {
            @SuppressWarnings("unchecked")
            Map<String, List<String>> calls = (Map<String, List<String>>) settings.getOrDefault("calls", Map.of());
            calls.forEach((callee, rpcs) -> declared.computeIfAbsent(callee, c -> new TreeMap<>())
                    .put(caller, new TreeSet<>(rpcs)));
        });
        assertTrue(declared.get("identity").size() >= 6, "identity is called by every other service: " + declared);
        for (Map.Entry<String, AllowList> list : lists.entrySet()) {
            Map<String, Set<String>> rendered = new TreeMap<>();
            list.getValue().rpcsByCaller().forEach((caller, rpcs) -> rendered.put(caller, new TreeSet<>(rpcs)));
            assertEquals(declared.getOrDefault(list.getKey(), Map.of()), rendered, list.getKey() + "'s allow-list");
        }
        assertEquals(Map.of(), lists.get("gateway").rpcsByCaller(), "no one calls the gateway over gRPC");
        assertTrue(lists.get("contact-governance").allows("gateway",
                "crowsnest.contactgovernance.v1.ContactGovernanceService/UpsertPolicy"));
        assertFalse(lists.get("contact-governance").allows("decisioning",
                "crowsnest.contactgovernance.v1.ContactGovernanceService/UpsertPolicy"), "only admins' gateway sets policies");
        assertFalse(lists.get("identity").allows("decisioning", "crowsnest.identity.v1.IdentityService/ForgetPerson"));

        // the NetworkPolicies let exactly the callers of the allow-list reach each gRPC port
        NetworkPolicies policies = new NetworkPolicies(manifests.of(NetworkPolicy.class));
        Map<String, Pod> pods = ChartPolicyTest.pods(manifests);
        for (Map.Entry<String, AllowList> list : lists.entrySet()) {
            Integer port = pods.get(list.getKey()).namedPort("grpc");
            if (port == null) {
                continue;
            }
            Set<String> reaching = new TreeSet<>();
            for (String caller : lists.keySet()) {
                if (policies.allows(pods.get(caller), pods.get(list.getKey()), port)) {
                    reaching.add(caller);
                }
            }
            assertEquals(list.getValue().callers(), reaching, "who reaches " + list.getKey() + "'s gRPC port");
        }
    }

    @Test
    void everyRpcTheAllowListNamesExists() throws IOException {
        Map<String, Set<String>> rpcs = new HashMap<>();
        try (Stream<Path> files = Files.walk(HelmChart.HOME.resolve("proto/crowsnest"))) {
            for (Path file : files.filter(f -> f.toString().endsWith("_service.proto")).toList()) {
                String service = file.getParent().getParent().getFileName().toString();
                Matcher m = RPC.matcher(Files.readString(file));
                while (m.find()) {
                    rpcs.computeIfAbsent(service, s -> new TreeSet<>()).add(m.group(1));
                }
            }
        }
        Map<String, AllowList> lists = allowLists(render(ValueSets.DEFAULT));
        for (Map.Entry<String, AllowList> list : lists.entrySet()) {
            Set<String> known = rpcs.getOrDefault(list.getKey().replace("-", ""), Set.of());
            list.getValue().rpcsByCaller().forEach((caller, named) -> named.forEach(rpc -> assertTrue(known.contains(rpc),
                    caller + " is allowed " + list.getKey() + "'s " + rpc + ", which its proto does not declare")));
        }
    }

    @Test
    void eachServiceGetsItsOwnKeyPairWhichSignsTokensItsCertificateVerifies() {
        Manifests manifests = render(ValueSets.DEFAULT);
        Map<String, String> publicKeys = manifests.get(ConfigMap.class, name("service-keys")).getData();
        Set<String> services = new TreeSet<>();
        for (Deployment deployment : manifests.of(Deployment.class)) {
            String service = deployment.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name");
            services.add(service);
            Secret secret = manifests.get(Secret.class, name(service) + "-service-key");
            assertEquals("keep", secret.getMetadata().getAnnotations().get("helm.sh/resource-policy"));
            var key = ServiceKeys.privateKey(plain(secret, "private-key.pem"));
            String token = ServiceTokens.sign(key, service, "identity", Instant.now(), Duration.ofSeconds(60));
            try {
                assertEquals(service, ServiceTokens.verify(token, Map.of(service,
                        ServiceKeys.publicKey(publicKeys.get(service + ".pem"))), "identity", Instant.now(),
                        Duration.ZERO).name());
            } catch (ServiceTokens.Refused e) {
                throw new AssertionError(service + "'s published key does not verify its tokens: " + e.getMessage());
            }
            // the pod mounts its own private key only, and every caller's public key
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            List<String> secrets = pod.getVolumes().stream().filter(v -> v.getSecret() != null)
                    .map(v -> v.getSecret().getSecretName()).toList();
            assertEquals(List.of(name(service) + "-service-key"), secrets, service + " mounts");
            assertTrue(pod.getVolumes().stream().map(Volume::getConfigMap).anyMatch(c -> c != null
                    && c.getName().equals(name("service-keys"))), service + " mounts the callers' public keys");
            assertFalse(String.valueOf(pod.getContainers().get(0).getArgs()).contains("PRIVATE KEY"));
        }
        assertEquals(services, new TreeSet<>(publicKeys.keySet().stream().map(k -> k.replace(".pem", "")).toList()));
        assertTrue(publicKeys.values().stream().noneMatch(pem -> pem.contains("PRIVATE")), "public parts only");
    }

    @Test
    void keysAreGeneratedOnceAndKeptOnUpgrades() {
        Secret first = render(ValueSets.DEFAULT).get(Secret.class, name("profile") + "-service-key");
        Secret other = render(ValueSets.DEFAULT).get(Secret.class, name("profile") + "-service-key");
        assertNotEquals(plain(first, "private-key.pem"), plain(other, "private-key.pem"),
                "no cluster state: a first install generates");
        cluster.putSecret(HelmChart.NAMESPACE, name("profile") + "-service-key", Map.of("private-key.pem",
                plain(first, "private-key.pem"), "certificate.pem", plain(first, "certificate.pem")));
        Manifests upgrade = render(ValueSets.DEFAULT);
        Secret kept = upgrade.get(Secret.class, name("profile") + "-service-key");
        assertEquals(plain(first, "private-key.pem"), plain(kept, "private-key.pem"));
        assertEquals(plain(first, "certificate.pem"), plain(kept, "certificate.pem"));
        assertEquals(plain(first, "certificate.pem").strip(),
                upgrade.get(ConfigMap.class, name("service-keys")).getData().get("profile.pem").strip(),
                "the kept key is the one published to the other services");
    }

    @Test
    void aRotatedKeyIsPublishedFirstAndThePreviousOneAfterItUntilItIsRetired() throws Exception {
        String secret = name("profile") + "-service-key";
        Secret first = render(ValueSets.DEFAULT).get(Secret.class, secret);
        // the operator asks for a rotation: an entry "rotate" in the Secret
        cluster.putSecret(HelmChart.NAMESPACE, secret, Map.of("private-key.pem", plain(first, "private-key.pem"),
                "certificate.pem", plain(first, "certificate.pem"), "rotate", "yes"));
        Manifests rotated = render(ValueSets.DEFAULT);
        Secret next = rotated.get(Secret.class, secret);
        assertNotEquals(plain(first, "private-key.pem"), plain(next, "private-key.pem"), "a new key pair");
        assertEquals(plain(first, "certificate.pem").strip(), plain(next, "previous-certificate.pem").strip());
        assertFalse(next.getData().containsKey("rotate"), "asked once, done once");
        List<java.security.PublicKey> published = ServiceKeys.publicKeys(
                rotated.get(ConfigMap.class, name("service-keys")).getData().get("profile.pem"));
        assertEquals(List.of(ServiceKeys.publicKey(plain(next, "certificate.pem")),
                ServiceKeys.publicKey(plain(first, "certificate.pem"))), published, "the new key first, then the previous");
        for (Secret signer : List.of(first, next)) {
            String token = ServiceTokens.sign(ServiceKeys.privateKey(plain(signer, "private-key.pem")), "profile",
                    "identity", Instant.now(), Duration.ofSeconds(60));
            assertEquals("profile", ServiceTokens.verifyWithAny(token, Map.of("profile", published), "identity",
                    Instant.now(), Duration.ZERO).name(), "tokens of either key are taken during the overlap");
        }

        // later upgrades keep both, until the operator retires the previous key
        Map<String, String> kept = Map.of("private-key.pem", plain(next, "private-key.pem"), "certificate.pem",
                plain(next, "certificate.pem"), "previous-certificate.pem", plain(next, "previous-certificate.pem"));
        cluster.putSecret(HelmChart.NAMESPACE, secret, kept);
        assertEquals(2, ServiceKeys.publicKeys(render(ValueSets.DEFAULT).get(ConfigMap.class, name("service-keys"))
                .getData().get("profile.pem")).size());
        Map<String, String> retire = new HashMap<>(kept);
        retire.put("retire-previous", "yes");
        cluster.putSecret(HelmChart.NAMESPACE, secret, retire);
        Manifests retired = render(ValueSets.DEFAULT);
        assertEquals(List.of(ServiceKeys.publicKey(plain(next, "certificate.pem"))), ServiceKeys.publicKeys(
                retired.get(ConfigMap.class, name("service-keys")).getData().get("profile.pem")));
        assertFalse(retired.get(Secret.class, secret).getData().containsKey("previous-certificate.pem"));
        assertEquals(plain(next, "private-key.pem"), plain(retired.get(Secret.class, secret), "private-key.pem"));
    }

    @Test
    void anExternalCallerIsAllowedItsRpcsFromItsPeersWithItsPublicKey() {
        Manifests manifests = render(HelmChart.ValueSet.of("external-caller", "test:values-external-caller.yaml"));
        AllowList profile = allowLists(manifests).get("profile");
        assertTrue(profile.allows("bank-collector", "crowsnest.profile.v1.ProfileService/RecordEvents"));
        assertFalse(profile.allows("bank-collector", "crowsnest.profile.v1.ProfileService/ForgetPerson"));
        assertTrue(profile.allows("gateway", "crowsnest.profile.v1.ProfileService/ForgetPerson"), "the chart's callers stay");
        String pem = manifests.get(ConfigMap.class, name("service-keys")).getData().get("bank-collector.pem");
        assertTrue(pem.contains("BEGIN PUBLIC KEY"), pem);
        ServiceKeys.publicKey(pem);
        NetworkPolicies policies = new NetworkPolicies(manifests.of(NetworkPolicy.class));
        Map<String, Pod> pods = ChartPolicyTest.pods(manifests);
        Pod collector = new Pod("collector", "collectors", Map.of("kubernetes.io/metadata.name", "collectors"),
                Map.of("app", "collector"), List.of());
        assertTrue(policies.allows(collector, pods.get("profile"), pods.get("profile").namedPort("grpc")));
        assertFalse(policies.allows(collector, pods.get("identity"), pods.get("identity").namedPort("grpc")));
    }

    @Test
    void turnedOffTheServicesAreToldSoAndMountNoKeys() {
        Manifests manifests = render(ValueSets.DEFAULT.with("serviceAuth.enabled", false));
        for (Deployment deployment : manifests.of(Deployment.class)) {
            Map<String, String> config = manifests.get(ConfigMap.class, deployment.getMetadata().getName()).getData();
            assertEquals("false", config.get("CROWSNEST_SERVICE_AUTH_ENABLED"));
            assertTrue(deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .noneMatch(v -> v.getName().startsWith("service-key")));
        }
    }

    private static String plain(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
