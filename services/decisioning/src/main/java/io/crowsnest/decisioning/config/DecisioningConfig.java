package io.crowsnest.decisioning.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the decisioning service ({@code crowsnest.decisioning.*}). */
@ConfigMapping(prefix = "crowsnest.decisioning")
public interface DecisioningConfig {

    /** Most active (not retired) actions at once: each one is weighed in every decision. */
    @WithDefault("500")
    int maxActions();

    /** ISO 4217 code of the reporting currency every action value and conversion is in. */
    @WithDefault("EUR")
    String reportingCurrency();

    /** How long a decision and its outcomes are kept (the decision log); default about a year. */
    @WithDefault("395D")
    Duration decisionRetention();

    /** How long after a decision outcomes are still accepted. */
    @WithDefault("90D")
    Duration outcomeWindow();

    /** Clock skew accepted on occurred_at instants in the future. */
    @WithDefault("5M")
    Duration clockSkew();

    /** How often the retention sweep deletes decisions older than the retention. */
    @WithDefault("1H")
    Duration retentionSweep();

    /** Follow identity's change stream (merges and erasures). */
    @WithDefault("true")
    boolean followIdentityChanges();

    /** Deadlines of the calls a decision makes to its neighbours. */
    Deadlines deadlines();

    /** The learned propensity model. */
    Learning learning();

    /** Limits on requests. */
    Limits limits();

    /** The campaign runner. */
    Campaigns campaigns();

    /** Attribution of profile purchases and provider delivery reports to campaigns. */
    Attribution attribution();

    interface Attribution {
        /** Run the attribution sweep on this instance (its background thread). */
        @WithDefault("true")
        boolean enabled();

        /** Pause between two sweeps. */
        @WithDefault("1H")
        Duration interval();

        /**
         * How late a purchase may reach profile after it happened and still be counted: each sweep
         * reads a member's purchases again from this long before its previous sweep.
         */
        @WithDefault("1D")
        Duration lateness();
    }

    interface Campaigns {
        /** Run campaigns on this instance (the runner's background thread). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Partitions of the person-id space the audience is shared by; each is leased by one instance
         * at a time. Must be the same on every instance; more partitions than instances lets replicas share.
         */
        @WithDefault("8")
        int partitions();

        /** How long a partition lease lasts without renewal (an instance that dies frees it after this). */
        @WithDefault("30S")
        Duration leaseTtl();

        /** Pause between two passes of the runner. */
        @WithDefault("1S")
        Duration interval();

        /** Members read from scoring per page. */
        @WithDefault("500")
        int pageSize();

        /** Contacts per ReserveContactBatch call, 1 to 1,000. */
        @WithDefault("200")
        int batchSize();

        /** Decisions made in parallel for one batch, and deliveries handed to alert-notification in parallel. */
        @WithDefault("8")
        int parallelism();

        /**
         * Share of all persons held out of every campaign (the universal control group), in percent,
         * 0 to 50; by hash of the person id, so the same persons on every instance and in every campaign.
         */
        @WithDefault("0")
        double universalControlPercent();

        /** Time to live of the reservations the runner takes (it delivers right after). */
        @WithDefault("15M")
        Duration reservationTtl();

        /** Deadline of calls to alert-notification (deliveries, briefings, call lists). */
        @WithDefault("5S")
        Duration alertDeadline();

        /** Deadline of a ReserveContactBatch call. */
        @WithDefault("10S")
        Duration reserveDeadline();

        /** Deadline of a ListSegmentMembers page. */
        @WithDefault("5S")
        Duration audienceDeadline();

        /**
         * The scoring segment that holds every person (defined once by the operator, e.g. with the
         * expression {@code true}): the population an audience expression is evaluated over.
         */
        @WithDefault("population")
        String populationSegment();
    }

    interface Deadlines {
        /** profile GetProfile and RecordAnswer. */
        @WithDefault("800MS")
        Duration profile();

        /** scoring GetScores. */
        @WithDefault("800MS")
        Duration scoring();

        /** contact-governance CheckEligibility and RecordExternalContact. */
        @WithDefault("800MS")
        Duration governance();

        /** identity GetIdentity (erasure checks). */
        @WithDefault("2S")
        Duration identity();

        /** How many times a call to identity is tried while identity cannot take it. */
        @WithDefault("3")
        int identityAttempts();
    }

    interface Learning {
        /** Mean of the Beta prior of an action's propensity before any outcome. */
        @WithDefault("0.05")
        double priorMean();

        /** Weight of the prior, in presentations. */
        @WithDefault("20")
        double priorWeight();

        /** Outcomes older than this no longer count. */
        @WithDefault("90D")
        Duration window();

        /**
         * Share of decisions, 0 to 0.2, in which a learned propensity is drawn from its Beta
         * distribution (Thompson sampling) instead of taken as its mean, so that actions with few
         * outcomes get tried.
         */
        @WithDefault("0.1")
        double explorationShare();

        /** How long an instance reuses the learned counts before reading them again. */
        @WithDefault("5S")
        Duration refresh();
    }

    interface Limits {
        /** Largest serialized context accepted in a Decide request, in bytes. */
        @WithDefault("65536")
        int maxContextBytes();

        /** Division ids the governance policy knows, comma-separated; empty accepts any well-formed id. */
        Optional<String> divisions();

        /** The division ids of {@link #divisions()}, in order; empty when none are set. */
        default java.util.Set<String> divisionSet() {
            return divisions().map(d -> java.util.Arrays.stream(d.split(",")).map(String::trim)
                    .filter(s -> !s.isEmpty()).collect(java.util.stream.Collectors.toCollection(
                            java.util.LinkedHashSet::new))).map(s -> (java.util.Set<String>) s)
                    .orElse(java.util.Set.of());
        }
    }
}
