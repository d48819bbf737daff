package io.crowsnest.alertnotification.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** crowsnest.alerts.*: alert lifetimes, the live feed, peers' deadlines and identity's change stream. */
@ConfigMapping(prefix = "crowsnest.alerts")
public interface AlertsConfig {

    /** Custom profile attribute holding a person's account manager (an agent id). */
    @WithDefault("account_manager_id")
    String accountManagerAttribute();

    /** How long an alert is shown when the publisher sets no expires_at. */
    @WithDefault("7D")
    Duration defaultExpiry();

    /** How far ahead expires_at may be. */
    @WithDefault("90D")
    Duration maxExpiry();

    /** How long alerts are kept after they expire; a sweep deletes them after. */
    @WithDefault("90D")
    Duration retention();

    /** How often expired alerts past retention are deleted. */
    @WithDefault("1H")
    Duration retentionSweep();

    /**
     * Division ids the governance policy knows, e.g. cards,travel. When empty, any well-formed id is
     * accepted.
     */
    Optional<List<String>> divisions();

    /** Base path of the gateway's 360 view; the person's id is appended (the alert's first link). */
    @WithDefault("/people/")
    String personViewPath();

    /** The live feed. */
    FeedConfig feed();

    /** Deadline of each call to identity, profile and contact-governance. */
    @WithDefault("2S")
    Duration peerDeadline();

    /** How many times a peer call is tried while the peer answers UNAVAILABLE. */
    @WithDefault("3")
    int peerAttempts();

    /** Follow identity's change stream (merges move alerts and deliveries, erasures delete them). */
    @WithDefault("true")
    boolean followIdentityChanges();

    /** The live feed's settings. */
    interface FeedConfig {

        /** How long inbox entries are kept for replays (older offsets answer OFFSET_EXPIRED). */
        @WithDefault("7D")
        Duration retention();

        /** Entries kept in the global stream the instances read (approximate). */
        @WithDefault("100000")
        int globalLength();

        /** Heartbeat interval of an idle subscription. */
        @WithDefault("15S")
        Duration heartbeat();

        /** Entries buffered for a subscriber before it is dropped with UNAVAILABLE (too slow). */
        @WithDefault("1000")
        int maxBuffered();

        /** How long one read of the global stream waits for new entries (below the Redis timeout). */
        @WithDefault("1S")
        Duration block();

        /** How often alerts stored while Redis was down are appended. */
        @WithDefault("5S")
        Duration repairInterval();
    }
}
