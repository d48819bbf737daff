package io.crowsnest.decisioning.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the decisioning service ({@code crowsnest.decisioning.*}). */
@ConfigMapping(prefix = "crowsnest.decisioning")
public interface DecisioningConfig {

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
    }
}
