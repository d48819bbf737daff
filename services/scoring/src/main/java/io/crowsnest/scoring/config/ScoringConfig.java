package io.crowsnest.scoring.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** crowsnest.scoring.*: clock skew, retention of event ids and transitions, feature windows, streams. */
@ConfigMapping(prefix = "crowsnest.scoring")
public interface ScoringConfig {

    /** How far in the future an event's occurred_at may be, and how far in the past an effective_from. */
    @WithDefault("5M")
    Duration clockSkew();

    /** How long an observed event id is remembered (the contract promises at least 7 days). */
    @WithDefault("8D")
    Duration eventIdRetention();

    /** Rolling windows of the frequency features (BehaviourFeatures.frequency), shortest first. */
    @WithDefault("1D,7D,30D")
    List<Duration> frequencyWindows();

    /** How often the in-force scoring plans are re-read from MongoDB (activations by another replica). */
    @WithDefault("1S")
    Duration planRefresh();

    /** How long a person's segment evaluation may hold the person before another one takes over. */
    @WithDefault("5S")
    Duration evaluationLease();

    /** How long the segment transition stream keeps transitions; consumers further behind resynchronise. */
    @WithDefault("7D")
    Duration transitionRetention();

    /** How often an idle transition stream sends a heartbeat. */
    @WithDefault("15S")
    Duration streamHeartbeat();

    /** How often an open transition stream looks for new transitions. */
    @WithDefault("100MS")
    Duration streamPoll();

    /**
     * ISO 4217 currency of monetary value and profitability when the active value model names
     * none (purchases in other currencies count in frequency only).
     */
    @WithDefault("EUR")
    String reportingCurrency();

    /** Deadline of each call to identity (LookupPerson, GetIdentity). */
    @WithDefault("2S")
    Duration identityDeadline();

    /** How many times a call to identity is tried while identity answers UNAVAILABLE (1: no retry). */
    @WithDefault("3")
    int identityAttempts();

    /** Whether identity's change stream (merges, unmerges, erasures) is followed. */
    @WithDefault("true")
    boolean followIdentityChanges();

    /** How often each replica takes the population snapshot behind GetPopulationView's histograms. */
    @WithDefault("5M")
    Duration populationSnapshotInterval();

    /** Bounds of each user-written segment expression (see docs/scoring.md, "Bounded expressions"). */
    Expressions expressions();

    /** crowsnest.scoring.expressions.*: the bounds of one segment expression. */
    interface Expressions {

        /** Longest expression accepted, in characters (code points). */
        @WithDefault("4096")
        int maxLength();

        /** Deepest nesting of calls and operators accepted. */
        @WithDefault("32")
        int maxNesting();

        /** Loop iterations (exists, all, filter, map…) one evaluation may make in all. */
        @WithDefault("10000")
        int maxIterations();

        /**
         * Time one evaluation may take before it is stopped and counts as not matched: a backstop
         * against a stall (the iteration bound stops runaway loops), generous so that a pause of
         * the JVM never changes a membership.
         */
        @WithDefault("1S")
        Duration timeBudget();
    }

    /** Most segments that may exist at once (each is evaluated on every event of every person). */
    @WithDefault("200")
    int maxSegments();
}
