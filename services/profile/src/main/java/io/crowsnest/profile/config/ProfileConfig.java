package io.crowsnest.profile.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** crowsnest.profile.*: event rules, peers' deadlines, the outbox to scoring and identity's change stream. */
@ConfigMapping(prefix = "crowsnest.profile")
public interface ProfileConfig {

    /** How far in the future occurred_at, observed_at and answered_at may be. */
    @WithDefault("5M")
    Duration clockSkew();

    /**
     * How long events are kept after their occurred_at; older events are refused (EVENT_TOO_OLD) and
     * stored ones are deleted. Aggregates (lifetime value, first/last seen, channel counts) keep them.
     */
    @WithDefault("395D")
    Duration retention();

    /** How often expired events are deleted (a TTL index is only a backstop, see docs/mongodb-subset.md). */
    @WithDefault("1H")
    Duration retentionSweep();

    /** Largest RecordEventRequest accepted, in bytes of its protobuf encoding (EVENT_TOO_LARGE beyond). */
    @WithDefault("32768")
    int maxEventBytes();

    /**
     * Division ids the governance policy knows, e.g. cards,travel. Profile does not call governance, so
     * this list is the policy's as the operator deploys it; when empty, any well-formed id is accepted.
     */
    Optional<List<String>> divisions();

    /** Deadline of each call to identity. */
    @WithDefault("2S")
    Duration identityDeadline();

    /**
     * How many times a call to identity is tried while identity cannot take it (UNAVAILABLE or out of
     * time); calls go through platform's IdentityCalls, whose circuit breaker pauses calls to a failing identity.
     */
    @WithDefault("3")
    int identityAttempts();

    /**
     * Events of one RecordEvents call recorded at once; the call's own thread records too, so a
     * batch makes progress even while every batch thread is busy.
     */
    @WithDefault("8")
    int batchConcurrency();

    /** Threads shared by all RecordEvents calls of the replica, on top of the calls' own threads. */
    @WithDefault("32")
    int batchThreads();

    /** The outbox that forwards accepted events to scoring. */
    Outbox outbox();

    /**
     * Whether this replica follows identity's change stream (merges, unmerges, erasures). Every
     * replica may: applying a change is idempotent and the offset is shared.
     */
    @WithDefault("true")
    boolean followIdentityChanges();

    /** crowsnest.profile.outbox.* */
    interface Outbox {

        /** Whether this replica forwards events to scoring (every replica may; entries are leased). */
        @WithDefault("true")
        boolean enabled();

        /** Deliveries in flight at once from this replica. */
        @WithDefault("4")
        int concurrency();

        /** Deadline of each call to scoring (an ObserveEvents batch, an ObserveAttributes push). */
        @WithDefault("5S")
        Duration deadline();

        /** Most event entries delivered in one ObserveEvents call, 1 to 500 (scoring's limit). */
        @WithDefault("100")
        int batchSize();

        /** How long a claimed entry is reserved for its claimer before another replica may take it. */
        @WithDefault("30S")
        Duration lease();

        /**
         * How many entries a replica's forwarders hold in memory, handed over by the replica's own
         * writers; beyond that new entries are due at once and claimed from the outbox.
         */
        @WithDefault("10000")
        int handOffCapacity();

        /** How often idle forwarders look for due entries (new entries of this replica wake them at once). */
        @WithDefault("1S")
        Duration poll();

        /** First pause after scoring answered UNAVAILABLE; doubled on each failure in a row. */
        @WithDefault("1S")
        Duration initialBackoff();

        /** Longest pause between two attempts. */
        @WithDefault("5M")
        Duration maxBackoff();

        /** Pause while scoring answers UNIMPLEMENTED (its ObserveEvent not deployed yet). */
        @WithDefault("1M")
        Duration unimplementedRetry();

        /**
         * Age after which an entry whose event was never applied to the profile (its writer died half-way)
         * is completed by the recovery sweep. Must be well above the time one RecordEvent takes.
         */
        @WithDefault("1M")
        Duration recoverAfter();
    }
}
