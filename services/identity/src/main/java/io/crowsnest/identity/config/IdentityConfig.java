package io.crowsnest.identity.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** crowsnest.identity.*: identifier types, phone region, hash key. */
@ConfigMapping(prefix = "crowsnest.identity")
public interface IdentityConfig {

    /** Region (ISO 3166 code) in which phone numbers without a country code are read. */
    @WithDefault("FR")
    String defaultRegion();

    /**
     * Secret key of the HMAC-SHA256 under which identifier values are hashed for matching.
     * Production must set CROWSNEST_IDENTITY_HASH_KEY (and never change it: every stored hash
     * depends on it).
     */
    String hashKey();

    /**
     * Identifier types: all the built-in ones, then extras written name[:unique|shareable][:known].
     */
    @WithDefault("cookie,device,email,phone,crm,loyalty,social,account")
    List<String> identifierTypes();

    /** How far in the future ResolvePersonRequest.observed_at may be. */
    @WithDefault("5M")
    Duration observedAtSkew();
}
