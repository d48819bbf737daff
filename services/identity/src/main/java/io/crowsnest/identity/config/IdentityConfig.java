package io.crowsnest.identity.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** crowsnest.identity.*: identifier types, phone region, hash and address keys, sweeps. */
@ConfigMapping(prefix = "crowsnest.identity")
public interface IdentityConfig {

    /** Region (ISO 3166 code) in which phone numbers without a country code are read. */
    @WithDefault("FR")
    String defaultRegion();

    /**
     * Secret key of the HMAC-SHA256 under which identifier values are hashed for matching: the
     * original key, version 1 (CROWSNEST_IDENTITY_HASH_KEY). Every stored hash depends on the key that
     * made it, so a key is never changed, only rotated (docs/security.md, "Rotating the hash key"):
     * a new version in {@link #hashKeys()} made current by {@link #hashKeyVersion()}, this one kept
     * until nothing is hashed under it any more.
     */
    Optional<String> hashKey();

    /**
     * Further hash keys, written {@code <version>:<secret>} and separated by commas
     * (CROWSNEST_IDENTITY_HASH_KEYS): the rotated-in keys, and during a rotation the older ones still
     * needed to find identifiers hashed under them. Version 1 is {@link #hashKey()}.
     */
    Optional<List<String>> hashKeys();

    /**
     * The version of the hash key new hashes are made under (CROWSNEST_IDENTITY_HASH_KEY_VERSION);
     * start-up fails when no key of this version is configured.
     */
    @WithDefault("1")
    int hashKeyVersion();

    /**
     * How often the sweep hashes again, under the current hash key, the identifiers whose raw value
     * identity keeps (delivery addresses), and reports how many hashes older keys still hold.
     */
    @WithDefault("1M")
    Duration hashKeySweep();

    /**
     * Keys under which raw delivery addresses (emails, phone numbers) are encrypted at rest, written
     * {@code <id>:<base64 of 32 random bytes>} and separated by commas, the current key first: new
     * and re-encrypted addresses use the first; the others only open what they sealed, until the
     * re-encryption sweep has moved everything to the first (see docs/security.md, "Rotating the
     * address key"). Production sets CROWSNEST_IDENTITY_ADDRESS_KEYS (the Helm chart generates one
     * and keeps it).
     */
    List<String> addressKeys();

    /** How often the erasure recovery sweep finishes erasures a crash interrupted. */
    @WithDefault("1M")
    Duration erasureSweep();

    /** How often the sweep re-encrypts addresses kept under an older address key (or in clear text). */
    @WithDefault("1M")
    Duration addressKeySweep();

    /**
     * Whether the development keys written in this repository (application.properties, the local
     * stack) are accepted. Only local runs and tests set it: anywhere else such a key stops start-up.
     */
    @WithDefault("false")
    boolean allowDevelopmentKeys();

    /**
     * Identifier types: all the built-in ones, then extras written name[:unique|shareable][:known].
     */
    @WithDefault("cookie,device,email,phone,crm,loyalty,social,account")
    List<String> identifierTypes();

    /** How far in the future ResolvePersonRequest.observed_at may be. */
    @WithDefault("5M")
    Duration observedAtSkew();

    /** How long the change stream keeps changes; consumers further behind must resynchronise. */
    @WithDefault("30D")
    Duration changeRetention();

    /** How long a merge, unmerge or erase may hold a person before another request may take it over. */
    @WithDefault("10S")
    Duration personLease();

    /**
     * How long a merge, unmerge or erase waits for the leases of persons another such request holds
     * before answering ABORTED CONTENTION (retry with the same idempotency key).
     */
    @WithDefault("5S")
    Duration leaseWait();

    /**
     * Precision of last-seen instants: a request seen at most this long after an identifier's link
     * was last seen (and not before it) leaves the link untouched instead of writing it again, so
     * the events of one visit cost reads only. 0 writes every request.
     */
    @WithDefault("60S")
    Duration lastSeenResolution();

    /** How often an idle change stream sends a heartbeat. */
    @WithDefault("15S")
    Duration streamHeartbeat();

    /** How often an open change stream looks for new changes. */
    @WithDefault("100MS")
    Duration streamPoll();
}
