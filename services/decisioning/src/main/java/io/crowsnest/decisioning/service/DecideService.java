package io.crowsnest.decisioning.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Action;
import io.crowsnest.decisioning.domain.ActionSnapshot;
import io.crowsnest.decisioning.domain.Decision;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.domain.Direction;
import io.crowsnest.decisioning.domain.RankedAction;
import io.crowsnest.decisioning.domain.Ranking;
import io.crowsnest.decisioning.domain.Reason;
import io.crowsnest.decisioning.domain.RejectedAction;
import io.crowsnest.decisioning.expression.ExpressionLanguage;
import io.crowsnest.decisioning.store.DecisionStore;
import io.crowsnest.decisioning.store.DeclineStore;
import io.crowsnest.decisioning.template.Templates;

/**
 * Decides the next best actions: candidates from the catalogue, the person read in parallel from
 * profile, scoring and governance, every candidate judged (reasons kept for those left out), the
 * rest ranked by priority then P × C × V × L, the best kept, and the whole decision written to the
 * log under a new id.
 */
@ApplicationScoped
public class DecideService {

    @Inject
    Catalogue catalogue;
    @Inject
    InputReader inputs;
    @Inject
    DeclineStore declines;
    @Inject
    DecisionStore decisions;
    @Inject
    PropensityModel model;
    @Inject
    ExpressionLanguage cel;
    @Inject
    Templates templates;
    @Inject
    DecisioningConfig config;
    @Inject
    Clock clock;

    public Decision decide(DecideCommand cmd) {
        return decide(cmd, "");
    }

    /**
     * Decide: the decision, logged with the request's idempotency key and content hash — the log
     * entry is the request's idempotency record, so a retry (or a duplicate running at the same
     * time) is answered with the decision logged first. Judging writes nothing, so a duplicate that
     * judged in vain leaves nothing behind. MongoDB: the catalogue's revision, the person's declines,
     * the log entry.
     */
    public Decision decide(DecideCommand cmd, String idempotencyKey, String requestHash) {
        Decision decision = judge(cmd, "");
        DecisionStore.Logged logged = decisions.insert(decision, idempotencyKey, requestHash);
        if (logged instanceof DecisionStore.Written written) {
            return written.decision();
        }
        if (logged instanceof DecisionStore.Earlier earlier) {
            return earlier.decision();
        }
        throw new DecisioningException(DecisioningException.Kind.ALREADY_EXISTS, "IDEMPOTENCY_KEY_REUSED",
                "idempotency_key '" + idempotencyKey + "' was already used with a different Decide request", Map.of());
    }

    /** A decision made for a campaign (campaignId "" for none), kept in the log under that campaign. */
    public Decision decide(DecideCommand cmd, String campaignId) {
        Decision decision = judge(cmd, campaignId);
        decisions.insert(decision);
        return decision;
    }

    /**
     * The decision as Decide would make it, kept nowhere: nothing is logged, so no outcome can be
     * recorded against it (a campaign's estimate of what a person is worth before selecting them).
     */
    public Decision estimate(DecideCommand cmd, String campaignId) {
        return judge(cmd, campaignId);
    }

    private Decision judge(DecideCommand cmd, String campaignId) {
        Instant now = clock.instant();
        String decisionId = DecisionIds.next(now);
        List<Action> candidates = new ArrayList<>();
        List<RejectedAction> rejected = new ArrayList<>();
        Catalogue.Snapshot actions = catalogue.current();
        Map<String, Action> known = actions.latest();
        List<String> unknown = cmd.candidateIds().stream().filter(id -> !known.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw new DecisioningException(DecisioningException.Kind.NOT_FOUND, "ACTION_NOT_FOUND",
                    "no action has id " + String.join(", ", unknown.stream().map(id -> "'" + id + "'").toList()),
                    Map.of("action_ids", String.join(",", unknown)));
        }
        for (String id : cmd.candidateIds()) {
            Action a = known.get(id);
            if (a.retired()) {
                rejected.add(new RejectedAction(ActionSnapshot.of(a), List.of(Reason.of("ACTION_RETIRED",
                        "retired on " + a.retirement().at() + " by " + a.retirement().by())), null, 0));
            }
        }
        for (Action a : actions.active()) {
            if (!isCandidate(cmd, a)) {
                continue;
            }
            if (!a.spec().validAt(now)) {
                rejected.add(new RejectedAction(ActionSnapshot.of(a), List.of(Reason.of("OUTSIDE_VALIDITY",
                        "valid from " + a.spec().validFrom() + " until " + a.spec().validUntil())), null, 0));
            } else if (cmd.context().direction() == Direction.OUTBOUND && !a.spec().isContact()) {
                rejected.add(new RejectedAction(ActionSnapshot.of(a), List.of(Reason.of("NOT_A_CONTACT",
                        "an outbound decision proposes contact actions only; this one has no contact category")),
                        null, 0));
            } else {
                candidates.add(a);
            }
        }
        DecisionInputs in = inputs.read(cmd, candidates);
        CandidateEvaluator evaluator = new CandidateEvaluator(cel, templates, model, cmd, in,
                candidates.isEmpty() ? List.of() : declines.of(in.personId()), decisionId, now,
                config.reportingCurrency());
        List<RankedAction> eligible = new ArrayList<>();
        for (Action a : candidates) {
            Object judged = evaluator.evaluate(a);
            if (judged instanceof CandidateEvaluator.Eligible e) {
                eligible.add(e.ranked());
            } else {
                rejected.add((RejectedAction) judged);
            }
        }
        eligible.sort(Ranking.order(RankedAction::ranking, r -> r.action().id()));
        int limit = cmd.maxActions() == 0 ? 3 : cmd.maxActions();
        List<RankedAction> ranked = new ArrayList<>();
        for (int i = 0; i < eligible.size(); i++) {
            RankedAction r = eligible.get(i);
            if (i < limit) {
                ranked.add(r.withRank(i + 1));
            } else {
                rejected.add(new RejectedAction(r.action(), List.of(new Reason("RANKED_BELOW_LIMIT", "eligible, "
                        + "ranked " + (i + 1) + " with score " + r.ranking().score() + "; the decision keeps "
                        + limit, Map.of("rank", Integer.toString(i + 1)))), r.governance(), r.propensity()));
            }
        }
        List<Reason> warnings = in.warnings().stream().map(w -> {
            int colon = w.indexOf(':');
            return Reason.of(w.substring(0, colon), w.substring(colon + 1));
        }).toList();
        return new Decision(decisionId, in.personId(), cmd.channel(), cmd.context(), ranked, rejected, warnings, now,
                campaignId);
    }

    private static boolean isCandidate(DecideCommand cmd, Action a) {
        return (cmd.candidateIds().isEmpty() || cmd.candidateIds().contains(a.id()))
                && (cmd.kinds().isEmpty() || cmd.kinds().contains(a.spec().kind()))
                && a.spec().channels().contains(cmd.channel())
                && (cmd.context().division().isEmpty() || cmd.context().division().equals(a.spec().division()));
    }
}
