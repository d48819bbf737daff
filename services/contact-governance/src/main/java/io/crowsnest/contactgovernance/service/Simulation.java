package io.crowsnest.contactgovernance.service;

import java.time.Instant;
import java.util.List;

import io.crowsnest.contactgovernance.domain.Channel;
import io.crowsnest.contactgovernance.domain.PolicyRef;
import io.crowsnest.contactgovernance.domain.RuleKind;

/** What a what-if replay ({@link SimulationService}) reports: progress while it runs, then its result. */
public final class Simulation {

    private Simulation() {
    }

    /** Where the replay stands: contacts of the range replayed of all, up to which instant, and how many the policy blocked. */
    public record Progress(long contactsProcessed, long contactsTotal, Instant replayedThrough, long contactsBlocked) {
    }

    /**
     * The replay's outcome: the policy simulated (version 0 for one given inline), the range, the
     * versions that really governed during it, the counts, and each breakdown ordered most blocked first.
     */
    public record Result(PolicyRef simulatedPolicy, Instant start, Instant end, List<PolicyRef> governingPolicies,
            long contactsEvaluated, long contactsBlocked, long personsEvaluated, long personsAffected,
            List<DivisionCount> byDivision, List<ChannelCount> byChannel, List<RuleCount> byRule,
            List<AffectedPerson> mostAffected, Instant completedAt) {
    }

    public record DivisionCount(String divisionId, long contactsEvaluated, long contactsBlocked) {
    }

    public record ChannelCount(Channel channel, long contactsEvaluated, long contactsBlocked) {
    }

    public record RuleCount(String ruleId, RuleKind kind, long contactsBlocked, long contactsBlockedOnlyByThisRule) {
    }

    /** A person the policy would have blocked, with the rules that did it, most often first. */
    public record AffectedPerson(String personId, long contactsEvaluated, long contactsBlocked, List<String> ruleIds) {
    }

    /** Who receives the reports of one replay. */
    public interface Listener {

        /** True once the caller went away: the replay stops without a result. */
        boolean cancelled();

        void progress(Progress progress);

        /** The last report; the replay is over. */
        void result(Result result);
    }
}
