package io.crowsnest.contactgovernance.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the contact-governance service ({@code crowsnest.governance.*}). */
@ConfigMapping(prefix = "crowsnest.governance")
public interface GovernanceConfig {

    /**
     * How long an instance trusts the governing-version pointer it read: an activation takes effect
     * at once on the instance that made it and within this time on every other instance.
     */
    @WithDefault("1s")
    Duration governingRefresh();

    /** Follow identity's change stream (MERGED combines, FORGOTTEN erases a person's data). */
    @WithDefault("true")
    boolean followIdentityChanges();

    /** SimulatePolicy replays running at once on an instance before RESOURCE_EXHAUSTED SIMULATION_CAPACITY. */
    @WithDefault("2")
    int maxSimulations();

    /** Deadline of identity's LookupPerson, asked when a request names a person by an identifier. */
    @WithDefault("2s")
    Duration identityDeadline();

    /** How many times a call to identity is tried while identity cannot take it (1: no retry). */
    @WithDefault("3")
    int identityAttempts();

    /**
     * How often every instance moves the stale marks that instances of a version before 2026-12-08
     * still write to {@code stale_counters} during a rolling upgrade into the persons' consents
     * documents, where grants read them (one read of an empty collection when there are none).
     */
    @WithDefault("5s")
    Duration legacyStaleMarkSweep();
}
