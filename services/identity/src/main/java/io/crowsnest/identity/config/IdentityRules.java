package io.crowsnest.identity.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.crowsnest.identity.domain.IdentifierTypes;
import io.crowsnest.identity.domain.KeyedHash;
import io.crowsnest.identity.domain.Normaliser;
import io.quarkus.runtime.StartupEvent;

/** Builds the domain's normaliser from the configuration; a bad configuration fails start-up. */
@ApplicationScoped
public class IdentityRules {

    /** The dev default of crowsnest.identity.hash-key in application.properties. */
    static final String DEV_HASH_KEY = "local-dev-only-identity-hash-key";

    private static final Logger LOG = Logger.getLogger(IdentityRules.class);

    @Produces
    @Singleton
    Normaliser normaliser(IdentityConfig config) {
        if (DEV_HASH_KEY.equals(config.hashKey())) {
            LOG.warn("crowsnest.identity.hash-key is the local development default; "
                    + "production must set CROWSNEST_IDENTITY_HASH_KEY");
        }
        return new Normaliser(IdentifierTypes.of(config.identifierTypes()), config.defaultRegion(),
                new KeyedHash(config.hashKey()));
    }

    /** Builds the normaliser at start-up, so that a bad type list, region or key stops the service there. */
    void check(@Observes StartupEvent started, Normaliser normaliser) {
        normaliser.types();
    }
}
