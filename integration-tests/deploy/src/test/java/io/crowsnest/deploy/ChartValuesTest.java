package io.crowsnest.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/** What each shipped value set must produce. */
class ChartValuesTest {

    private static final List<String> SERVICES = List.of("gateway", "identity", "profile", "scoring", "decisioning",
            "contact-governance", "alert-notification");
    private static final Map<String, String> DATABASES = Map.of("identity", "identity", "profile", "profile",
            "scoring", "scoring", "decisioning", "decisioning", "contact-governance", "governance",
            "alert-notification", "alerts", "gateway", "gateway");
    private static final Set<String> REDIS_OWNERS = Set.of("scoring", "contact-governance", "alert-notification");

    private static Manifests render(HelmChart.ValueSet values) {
        return Manifests.parse(HelmChart.template(values));
    }

    private static String name(String service) {
        return HelmChart.RELEASE + "-" + service;
    }

    private static Map<String, String> env(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void theCallGraphIsTheArchitecturesOne() {
        // docs/architecture.md: the gateway calls all six; profile resolves identities and forwards
        // events to scoring; decisioning reads profile and scoring, asks contact-governance and sends
        // campaign briefings and messages through alert-notification;
        // alert-notification commits reservations on contact-governance, follows scoring's
        // segment transitions and reads account managers from profile; every consumer of
        // identity's change stream calls identity.
        Map<String, Set<String>> expected = Map.of(
                "gateway", Set.of("identity", "profile", "scoring", "decisioning", "contact-governance", "alert-notification"),
                "identity", Set.of(),
                "profile", Set.of("identity", "scoring"),
                "scoring", Set.of("identity"),
                "decisioning", Set.of("identity", "profile", "scoring", "contact-governance", "alert-notification"),
                "contact-governance", Set.of("identity"),
                "alert-notification", Set.of("identity", "profile", "scoring", "contact-governance"));
        assertEquals(expected, ChartPolicyTest.callGraph(render(ValueSets.DEFAULT)));
    }

    @Test
    void defaultsBundleOneMongoDbMemberAndARedisPerOwner() {
        Manifests manifests = render(ValueSets.DEFAULT);
        assertEquals(SERVICES.stream().map(ChartValuesTest::name).collect(Collectors.toSet()), manifests.names(Deployment.class));
        StatefulSet mongo = manifests.get(StatefulSet.class, name("mongodb"));
        assertEquals(1, mongo.getSpec().getReplicas());
        Container mongod = mongo.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("docker.io/mongo:7", mongod.getImage());
        assertTrue(String.join(" ", mongod.getArgs()).contains("--replSet rs0"), "mongod runs as a replica set");
        assertTrue(String.join(" ", mongod.getArgs()).contains("--keyFile"), "members authenticate with a keyfile");
        for (String owner : REDIS_OWNERS) {
            StatefulSet redis = manifests.get(StatefulSet.class, name(owner) + "-redis");
            assertEquals("docker.io/redis:7", redis.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
            String conf = manifests.get(ConfigMap.class, name(owner) + "-redis").getData().get("redis.conf");
            assertTrue(conf.contains("appendonly yes"), owner + " Redis persists with AOF");
            assertEquals("data", redis.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName());
        }
        assertEquals(3, manifests.of(StatefulSet.class).size() - 1, "exactly one Redis per owning service");

        for (String service : SERVICES) {
            Map<String, String> env = env(manifests.get(Deployment.class, name(service)));
            if (DATABASES.containsKey(service)) {
                String uri = env.get("CROWSNEST_MONGODB_URI");
                assertTrue(uri.startsWith("mongodb://" + service + ":$(CROWSNEST_MONGODB_PASSWORD)@"), uri);
                assertTrue(uri.contains("/" + DATABASES.get(service) + "?replicaSet=rs0&authSource=" + DATABASES.get(service)), uri);
            }
            if (REDIS_OWNERS.contains(service)) {
                assertEquals("redis://:$(CROWSNEST_REDIS_PASSWORD)@" + name(service) + "-redis:6379", env.get("CROWSNEST_REDIS_URI"));
            }
        }
    }

    @Test
    void theInitJobIsAPlainJobByDefaultSoThatWaitWorksAndAHookOnRequest() throws Exception {
        Job plain = render(ValueSets.DEFAULT).of(Job.class).get(0);
        assertTrue(plain.getMetadata().getAnnotations() == null || plain.getMetadata().getAnnotations().isEmpty(),
                "a plain Job, no hook annotations");
        assertTrue(plain.getMetadata().getName().matches(name("mongodb-init") + "-[0-9a-f]{8}"),
                "the plain Job's name changes with its inputs: " + plain.getMetadata().getName());
        // Helm keeps hooks apart from the release manifest (helm-java renders the latter only).
        assertEquals(List.of(), render(ValueSets.DEFAULT.with("mongodb.initJob.helmHook", true)).of(Job.class),
                "helmHook=true: the Job is a hook, not a release object");
        String template = Files.readString(HelmChart.CHART.resolve("templates/mongodb-init.yaml"));
        assertTrue(template.contains("helm.sh/hook: post-install,post-upgrade"), template);
        assertTrue(template.contains("helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded"), template);
        String production = HelmChart.template(ValueSets.PRODUCTION);
        assertTrue(!production.contains("name: " + plain.getMetadata().getName() + "\n"),
                "three members are other inputs, so another Job name");
    }

    @Test
    void theInitJobGivesEveryServiceAUserOnItsOwnDatabaseOnly() throws Exception {
        Manifests manifests = render(ValueSets.K8S);
        Job job = manifests.of(Job.class).get(0);
        Map<String, EnvVar> env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e));
        JsonNode users = new ObjectMapper().readTree(env.get("CROWSNEST_MONGODB_USERS").getValue());
        assertEquals(DATABASES.size(), users.size());
        for (JsonNode user : users) {
            String service = user.get("user").asText();
            assertEquals(DATABASES.get(service), user.get("db").asText(), "database of " + service);
            EnvVar password = env.get(user.get("passwordEnv").asText());
            assertEquals(name(service), password.getValueFrom().getSecretKeyRef().getName());
            assertEquals("mongodb-password", password.getValueFrom().getSecretKeyRef().getKey());
        }
        String script = manifests.get(ConfigMap.class, name("mongodb-init")).getData().get("init.js");
        assertTrue(script.contains("role: 'readWrite', db: user.db"), "users get readWrite on their own database only");
        assertTrue(script.contains("replSetInitiate"), "the Job initiates the replica set");
    }

    @Test
    void defaultsGenerateCredentialsForEveryStore() {
        Manifests manifests = render(ValueSets.DEFAULT);
        Secret mongo = manifests.get(Secret.class, name("mongodb"));
        assertEquals(Set.of("root-password", "replica-set-key"), mongo.getData().keySet());
        int keyLength = Base64.getDecoder().decode(mongo.getData().get("replica-set-key")).length;
        assertTrue(keyLength >= 6 && keyLength <= 1024, "keyfile length " + keyLength);
        for (String service : DATABASES.keySet()) {
            Set<String> expected = REDIS_OWNERS.contains(service) ? Set.of("mongodb-password", "redis-password")
                    : service.equals("identity") ? Set.of("mongodb-password", "identity-hash-key", "identity-address-keys")
                    : Set.of("mongodb-password");
            assertEquals(expected, manifests.get(Secret.class, name(service)).getData().keySet(), service);
        }
    }

    @Test
    void productionRunsThreeMongoDbMembersAutoscalingAndTls() {
        Manifests manifests = render(ValueSets.PRODUCTION);
        assertEquals(3, manifests.get(StatefulSet.class, name("mongodb")).getSpec().getReplicas());
        String uri = env(manifests.get(Deployment.class, name("identity"))).get("CROWSNEST_MONGODB_URI");
        for (int i = 0; i < 3; i++) {
            assertTrue(uri.contains(name("mongodb") + "-" + i + "." + name("mongodb") + "-headless:27017"), uri);
        }
        assertEquals(SERVICES.size(), manifests.of(HorizontalPodAutoscaler.class).size(), "an HPA per service");
        assertEquals(3, manifests.get(HorizontalPodAutoscaler.class, name("contact-governance")).getSpec().getMinReplicas());
        assertEquals(SERVICES.size() + 1 + 3, manifests.of(PodDisruptionBudget.class).size(),
                "a PDB per service, MongoDB and each of the three bundled Redis");
        assertEquals(SERVICES.size(), manifests.of(ServiceMonitor.class).size(), "a ServiceMonitor per service");
        assertEquals("management", manifests.get(ServiceMonitor.class, name("gateway")).getSpec().getEndpoints().get(0)
                .getPort(), "the gateway's metrics are scraped on its management port, apart from the API");
        assertEquals("http", manifests.get(ServiceMonitor.class, name("scoring")).getSpec().getEndpoints().get(0).getPort());
        Ingress ingress = manifests.get(Ingress.class, name("gateway"));
        assertEquals("crowsnest-gateway-tls", ingress.getSpec().getTls().get(0).getSecretName());
        assertEquals(name("gateway"), ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName());
        Map<String, String> config = manifests.get(ConfigMap.class, name("scoring")).getData();
        assertEquals("http://otel-collector.observability:4317", config.get("CROWSNEST_OTLP_ENDPOINT"));
        assertEquals("0.05", config.get("CROWSNEST_TRACE_SAMPLING"));
        assertEquals("grpc", config.get("CROWSNEST_OTLP_PROTOCOL"));
        assertTrue(manifests.get(Deployment.class, name("scoring")).getSpec().getTemplate().getSpec()
                .getTopologySpreadConstraints().stream().anyMatch(t -> t.getTopologyKey().equals("topology.kubernetes.io/zone")));
    }

    @Test
    void externalStoresComeFromSecretsAndNothingIsBundled() {
        Manifests manifests = render(ValueSets.EXTERNAL);
        assertEquals(List.of(), manifests.of(StatefulSet.class), "no bundled store");
        assertEquals(List.of(), manifests.of(Job.class), "no MongoDB init Job");
        // the service keys are the chart's own (serviceAuth.generateKeys), wherever the stores are
        assertEquals(List.of(), manifests.of(Secret.class).stream()
                .filter(s -> !s.getMetadata().getName().endsWith("-service-key")).toList(), "only existing Secrets");
        for (String service : DATABASES.keySet()) {
            Map<String, EnvVar> env = manifests.get(Deployment.class, name(service)).getSpec().getTemplate().getSpec()
                    .getContainers().get(0).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
            assertEquals("mongodb-uri", env.get("CROWSNEST_MONGODB_URI").getValueFrom().getSecretKeyRef().getKey());
            assertEquals(name(service) + "-stores", env.get("CROWSNEST_MONGODB_URI").getValueFrom().getSecretKeyRef().getName());
            assertEquals(REDIS_OWNERS.contains(service), env.containsKey("CROWSNEST_REDIS_URI"), service);
        }
        NetworkPolicy policy = manifests.get(NetworkPolicy.class, name("contact-governance"));
        Set<Integer> egressPorts = policy.getSpec().getEgress().stream().flatMap(r -> r.getPorts().stream())
                .map(p -> p.getPort().getIntVal()).collect(Collectors.toSet());
        assertTrue(egressPorts.containsAll(Set.of(27017, 6380, 9081)), "egress to external MongoDB, Redis and identity: " + egressPorts);
    }

    @Test
    void externalStoresByUriAcceptAtlasAndRedisClusterUris() {
        Manifests manifests = render(ValueSets.EXTERNAL_URIS);
        Secret governance = manifests.get(Secret.class, name("contact-governance"));
        assertEquals("mongodb+srv://cluster0.example.mongodb.net/governance?authMechanism=MONGODB-X509&tls=true",
                decode(governance.getData().get("mongodb-uri")));
        assertEquals("redis://governance-redis-cluster.example.internal:6379", decode(governance.getData().get("redis-uri")));
        assertEquals(Set.of("mongodb-uri", "identity-hash-key", "identity-address-keys"),
                manifests.get(Secret.class, name("identity")).getData().keySet());
        assertEquals("true", env(manifests.get(Deployment.class, name("contact-governance"))).get("CROWSNEST_REDIS_CLUSTER"),
                "a Redis Cluster URI switches the services' client to cluster mode");
        assertEquals(null, env(manifests.get(Deployment.class, name("identity"))).get("CROWSNEST_REDIS_CLUSTER"));
    }

    @Test
    void theK8sValueSetRendersNoSecretAndNoRandomData() {
        String first = HelmChart.templateUncached(ValueSets.K8S);
        assertEquals(first, HelmChart.templateUncached(ValueSets.K8S), "two renders are identical");
        assertEquals(List.of(), Manifests.parse(first).of(Secret.class));
    }

    @Test
    void optionalFeaturesRender() {
        Manifests manifests = render(ValueSets.ALL_FEATURES);
        Deployment gateway = manifests.get(Deployment.class, name("gateway"));
        assertTrue(gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()
                .equals("registry.example.com/platform/crowsnest/gateway:0.1.0-test"));
        assertEquals("3S", manifests.get(ConfigMap.class, name("gateway")).getData().get("CROWSNEST_GATEWAY_STATUS_DEADLINE"));
        assertEquals("4", manifests.get(ConfigMap.class, name("contact-governance")).getData().get("CROWSNEST_GOVERNANCE_MAX_SIMULATIONS"));
        assertEquals(1, manifests.get(PodDisruptionBudget.class, name("gateway")).getSpec().getMinAvailable().getIntVal());
        assertTrue(manifests.get(HorizontalPodAutoscaler.class, name("contact-governance")).getSpec().getMetrics()
                .stream().anyMatch(m -> "Pods".equals(m.getType())), "custom metric kept");
        assertEquals(5, gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getLifecycle().getPreStop()
                .getSleep().getSeconds());
        assertEquals("prometheus", manifests.get(ServiceMonitor.class, name("scoring")).getMetadata().getLabels().get("release"));
        assertTrue(manifests.get(StatefulSet.class, name("scoring") + "-redis").getSpec().getVolumeClaimTemplates().isEmpty());
        assertEquals(List.of("registry-credentials"), gateway.getSpec().getTemplate().getSpec().getImagePullSecrets()
                .stream().map(r -> r.getName()).toList());
        Service identity = manifests.get(Service.class, name("identity"));
        assertEquals("kubernetes.io/h2c", identity.getSpec().getPorts().stream().filter(p -> p.getName().equals("grpc"))
                .findFirst().orElseThrow().getAppProtocol());
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
