package io.crowsnest.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Generated passwords are created once and kept: on an upgrade the chart reads them back from the
 * cluster (lookup), here the fake API, instead of generating new ones.
 */
class GeneratedSecretsTest {

    private final FakeKubernetesApi cluster = FakeKubernetesApi.get();

    @AfterEach
    void forgetSecrets() {
        cluster.clearSecrets();
    }

    private static Secret secret(String name) {
        return Manifests.parse(HelmChart.templateUncached(ValueSets.DEFAULT)).get(Secret.class, name);
    }

    private static String plain(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    @Test
    void aFirstInstallGeneratesFreshPasswords() {
        Secret first = secret("crowsnest-identity");
        Secret second = secret("crowsnest-identity");
        assertTrue(plain(first, "mongodb-password").matches("[A-Za-z0-9]{32}"), "32 random alphanumerics");
        assertNotEquals(plain(first, "mongodb-password"), plain(second, "mongodb-password"),
                "no cluster state: every render generates");
    }

    @Test
    void anUpgradeKeepsThePasswordsAlreadyInTheCluster() {
        cluster.putSecret(HelmChart.NAMESPACE, "crowsnest-mongodb",
                Map.of("root-password", "kept-root-password", "replica-set-key", "keptReplicaSetKey0123456789"));
        cluster.putSecret(HelmChart.NAMESPACE, "crowsnest-contact-governance",
                Map.of("mongodb-password", "kept-governance-mongodb", "redis-password", "kept-governance-redis"));
        Secret mongo = secret("crowsnest-mongodb");
        assertEquals("kept-root-password", plain(mongo, "root-password"));
        assertEquals("keptReplicaSetKey0123456789", plain(mongo, "replica-set-key"));
        Secret governance = secret("crowsnest-contact-governance");
        assertEquals("kept-governance-mongodb", plain(governance, "mongodb-password"));
        assertEquals("kept-governance-redis", plain(governance, "redis-password"));
        assertTrue(plain(secret("crowsnest-scoring"), "redis-password").matches("[A-Za-z0-9]{32}"),
                "a Secret not in the cluster yet is generated");
    }

    @Test
    void aKeyMissingFromAnExistingSecretIsGenerated() {
        cluster.putSecret(HelmChart.NAMESPACE, "crowsnest-scoring", Map.of("mongodb-password", "kept-scoring"));
        Secret scoring = secret("crowsnest-scoring");
        assertEquals("kept-scoring", plain(scoring, "mongodb-password"));
        assertTrue(plain(scoring, "redis-password").matches("[A-Za-z0-9]{32}"));
    }

    @Test
    void identityGetsAGeneratedHashKeyThatUpgradesKeep() {
        Manifests first = Manifests.parse(HelmChart.templateUncached(ValueSets.DEFAULT));
        String generated = plain(first.get(Secret.class, "crowsnest-identity"), "identity-hash-key");
        assertTrue(generated.matches("[A-Za-z0-9]{48}"), generated);
        var env = first.get(Deployment.class, "crowsnest-identity").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("CROWSNEST_IDENTITY_HASH_KEY")).findFirst().orElseThrow();
        assertEquals("crowsnest-identity", env.getValueFrom().getSecretKeyRef().getName());
        assertEquals("identity-hash-key", env.getValueFrom().getSecretKeyRef().getKey());

        cluster.putSecret(HelmChart.NAMESPACE, "crowsnest-identity",
                Map.of("mongodb-password", "kept-identity-mongodb", "identity-hash-key", "kept-identity-hash-key-0123"));
        assertEquals("kept-identity-hash-key-0123", plain(secret("crowsnest-identity"), "identity-hash-key"));
    }

    @Test
    void identityGetsAGeneratedAddressKeyThatUpgradesKeepAndAnUpgradeFromBeforeEncryptionGenerates() {
        Manifests first = Manifests.parse(HelmChart.templateUncached(ValueSets.DEFAULT));
        String generated = plain(first.get(Secret.class, "crowsnest-identity"), "identity-address-keys");
        assertTrue(generated.startsWith("1:"), "the key's id comes first");
        assertEquals(32, Base64.getDecoder().decode(generated.substring(2)).length, "256 random bits");
        var env = first.get(Deployment.class, "crowsnest-identity").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("CROWSNEST_IDENTITY_ADDRESS_KEYS")).findFirst().orElseThrow();
        assertEquals("identity-address-keys", env.getValueFrom().getSecretKeyRef().getKey());

        String kept = "2:" + Base64.getEncoder().encodeToString(new byte[32]) + ",1:"
                + Base64.getEncoder().encodeToString(new byte[32]);
        cluster.putSecret(HelmChart.NAMESPACE, "crowsnest-identity", Map.of("mongodb-password", "kept-identity-mongodb",
                "identity-hash-key", "kept-identity-hash-key-0123", "identity-address-keys", kept));
        assertEquals(kept, plain(secret("crowsnest-identity"), "identity-address-keys"), "a rotated key list is kept");

        // a release from before addresses were encrypted: its clear-text addresses get a key to be sealed under
        cluster.putSecret(HelmChart.NAMESPACE, "crowsnest-identity", Map.of("mongodb-password", "kept-identity-mongodb",
                "identity-hash-key", "kept-identity-hash-key-0123"));
        assertTrue(plain(secret("crowsnest-identity"), "identity-address-keys").startsWith("1:"));
    }

    @Test
    void anExistingReleaseWithoutItsHashKeyIsRefusedRatherThanGivenANewOne() {
        cluster.putSecret(HelmChart.NAMESPACE, "crowsnest-identity", Map.of("mongodb-password", "kept-identity-mongodb"));
        String failure = HelmChart.templateFailure(ValueSets.DEFAULT);
        assertTrue(failure.contains("has no key identity-hash-key") && failure.contains("orphan"), failure);

        Secret allowed = Manifests.parse(HelmChart.templateUncached(
                ValueSets.DEFAULT.with("secrets.allowNewIrreplaceable", true))).get(Secret.class, "crowsnest-identity");
        assertEquals("kept-identity-mongodb", plain(allowed, "mongodb-password"));
        assertTrue(plain(allowed, "identity-hash-key").matches("[A-Za-z0-9]{48}"), "generated when explicitly allowed");
    }

    @Test
    void identityKeepsTheHashKeysRotatedIntoItsSecretAndNeverGeneratesThem() {
        Manifests first = Manifests.parse(HelmChart.templateUncached(ValueSets.DEFAULT));
        assertFalse(first.get(Secret.class, "crowsnest-identity").getData().containsKey("identity-hash-keys"),
                "no rotated-in key is generated: a fresh release has the original key alone");
        var env = first.get(Deployment.class, "crowsnest-identity").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("CROWSNEST_IDENTITY_HASH_KEYS")).findFirst().orElseThrow();
        assertEquals("identity-hash-keys", env.getValueFrom().getSecretKeyRef().getKey());
        assertEquals(Boolean.TRUE, env.getValueFrom().getSecretKeyRef().getOptional(), "unset until a rotation");

        // a rotation: the new key put into the Secret, its version made current through the ConfigMap
        cluster.putSecret(HelmChart.NAMESPACE, "crowsnest-identity", Map.of("mongodb-password", "kept-identity-mongodb",
                "identity-hash-key", "kept-identity-hash-key-0123", "identity-hash-keys", "2:rotated-in-hash-key-4567"));
        Manifests rotating = Manifests.parse(HelmChart.templateUncached(ValueSets.DEFAULT.with(
                "services.identity.config.CROWSNEST_IDENTITY_HASH_KEY_VERSION", "2")));
        Secret kept = rotating.get(Secret.class, "crowsnest-identity");
        assertEquals("kept-identity-hash-key-0123", plain(kept, "identity-hash-key"));
        assertEquals("2:rotated-in-hash-key-4567", plain(kept, "identity-hash-keys"), "kept on upgrades");
        assertEquals("2", rotating.get(io.fabric8.kubernetes.api.model.ConfigMap.class, "crowsnest-identity").getData()
                .get("CROWSNEST_IDENTITY_HASH_KEY_VERSION"));

        // the original key retired (emptied): it stays empty, never generated anew for the release
        cluster.putSecret(HelmChart.NAMESPACE, "crowsnest-identity", Map.of("mongodb-password", "kept-identity-mongodb",
                "identity-hash-key", "", "identity-hash-keys", "2:rotated-in-hash-key-4567"));
        Secret retired = secret("crowsnest-identity");
        assertEquals("", plain(retired, "identity-hash-key"));
        assertEquals("2:rotated-in-hash-key-4567", plain(retired, "identity-hash-keys"));
    }

    @Test
    void aBundledRedisReadsItsPasswordFromAFileNotItsCommandLine() {
        Manifests manifests = Manifests.parse(HelmChart.templateUncached(ValueSets.DEFAULT));
        var redis = manifests.get(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, "crowsnest-contact-governance-redis")
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        String command = String.join(" ", redis.getCommand()) + " " + String.join(" ", redis.getArgs());
        assertTrue(command.contains("> /run/redis-auth/auth.conf") && command.contains("exec redis-server"), command);
        String config = manifests.get(io.fabric8.kubernetes.api.model.ConfigMap.class, "crowsnest-contact-governance-redis")
                .getData().get("redis.conf");
        assertTrue(config.contains("include /run/redis-auth/auth.conf"), config);
    }
}
