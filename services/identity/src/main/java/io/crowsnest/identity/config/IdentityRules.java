package io.crowsnest.identity.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.crowsnest.identity.domain.IdentifierTypes;
import io.crowsnest.identity.domain.HashKeys;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.identity.store.AddressCipher;
import io.quarkus.runtime.StartupEvent;

/**
 * Builds the domain's normaliser and the address cipher from the configuration; a bad
 * configuration, or a development key outside a local run, fails start-up.
 */
@ApplicationScoped
public class IdentityRules {

    /**
     * The keys published in this repository (application.properties' dev and test values, the local
     * stack's): anyone can read them, so outside local runs they would protect nothing.
     */
    static final Set<String> DEVELOPMENT_HASH_KEYS = Set.of("dev-mode-only-identity-hash-key",
            "test-only-identity-hash-key", "local-stack-only-identity-hash-key");
    static final Set<String> DEVELOPMENT_ADDRESS_KEYS = Set.of("ZGV2LW1vZGUtb25seS1hZGRyZXNzLWtleS0wMDAwMDA=",
            "dGVzdC1vbmx5LWFkZHJlc3Mta2V5LTAwMDAwMDAwMDA=", "bG9jYWwtc3RhY2stb25seS1hZGRyZXNzLWtleS0wMDA=");

    @Produces
    @Singleton
    Normaliser normaliser(IdentityConfig config) {
        refuseDevelopmentKeys(hashSecrets(config), config.addressKeys(), config.allowDevelopmentKeys());
        return new Normaliser(IdentifierTypes.of(config.identifierTypes()), config.defaultRegion(),
                HashKeys.of(config.hashKey(), config.hashKeys().orElse(List.of()), config.hashKeyVersion()));
    }

    @Produces
    @Singleton
    AddressCipher addressCipher(IdentityConfig config) {
        refuseDevelopmentKeys(hashSecrets(config), config.addressKeys(), config.allowDevelopmentKeys());
        return AddressCipher.of(config.addressKeys());
    }

    /** The secrets of every configured hash key, whatever its version. */
    static List<String> hashSecrets(IdentityConfig config) {
        List<String> secrets = new ArrayList<>();
        config.hashKey().ifPresent(secrets::add);
        config.hashKeys().orElse(List.of()).forEach(k -> secrets.add(k.substring(k.indexOf(':') + 1).strip()));
        return secrets;
    }

    /**
     * Refuses a key published in this repository unless development keys are explicitly allowed.
     *
     * @throws IllegalStateException saying which setting holds a development key (never the key)
     */
    static void refuseDevelopmentKeys(List<String> hashKeys, List<String> addressKeys, boolean allowed) {
        if (allowed) {
            return;
        }
        if (hashKeys.stream().anyMatch(DEVELOPMENT_HASH_KEYS::contains)) {
            throw new IllegalStateException("crowsnest.identity.hash-key (CROWSNEST_IDENTITY_HASH_KEY) is a "
                    + "development key published in Crowsnest's repository: set a secret of your own (the Helm "
                    + "chart generates one)");
        }
        for (String key : addressKeys) {
            String material = key.substring(key.indexOf(':') + 1).strip();
            if (DEVELOPMENT_ADDRESS_KEYS.contains(material)) {
                throw new IllegalStateException("crowsnest.identity.address-keys (CROWSNEST_IDENTITY_ADDRESS_KEYS) "
                        + "holds a development key published in Crowsnest's repository: set keys of your own "
                        + "(the Helm chart generates one)");
            }
        }
    }

    /** Builds both at start-up, so that a bad type list, region or key stops the service there. */
    void check(@Observes StartupEvent started, Normaliser normaliser, AddressCipher cipher) {
        normaliser.types();
        cipher.currentKeyId();
    }
}
