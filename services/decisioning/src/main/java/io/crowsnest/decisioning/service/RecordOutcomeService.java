package io.crowsnest.decisioning.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.client.GovernanceClient;
import io.crowsnest.decisioning.client.ProfileClient;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.ActionSnapshot;
import io.crowsnest.decisioning.domain.Answers;
import io.crowsnest.decisioning.domain.ContactIntent;
import io.crowsnest.decisioning.domain.Decision;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.domain.Declines;
import io.crowsnest.decisioning.domain.Direction;
import io.crowsnest.decisioning.domain.FieldProblem;
import io.crowsnest.decisioning.domain.Outcome;
import io.crowsnest.decisioning.domain.OutcomeType;
import io.crowsnest.decisioning.domain.PersonRef;
import io.crowsnest.decisioning.domain.RankedAction;
import io.crowsnest.decisioning.store.DecisionStore;
import io.crowsnest.decisioning.store.DeclineStore;
import io.crowsnest.decisioning.store.LearningStore;
import io.crowsnest.decisioning.store.OutcomeStore;
import io.crowsnest.platform.errors.Refusal.Kind;

/**
 * Records what happened to a proposed action. Its effects are made first, each idempotent: the
 * answer to profile, the contact to governance (inbound contacts presented by an agent), the
 * learning input and the decline; then the outcome itself, whose unique id (decision, action, type)
 * is the commit point. A retry after a crash redoes the effects harmlessly and stores the outcome.
 * An acceptance or conversion of a campaign's decision also counts for the campaign's report.
 */
@ApplicationScoped
public class RecordOutcomeService {

    /** The stored outcome, whether it existed already, and profile's answer id. */
    public record Recorded(Outcome outcome, boolean alreadyRecorded, String answerId) {
    }

    @Inject
    DecisionStore decisions;
    @Inject
    OutcomeStore outcomes;
    @Inject
    LearningStore learning;
    @Inject
    DeclineStore declines;
    @Inject
    ProfileClient profile;
    @Inject
    GovernanceClient governance;
    @Inject
    DecisioningConfig config;
    @Inject
    RecordCampaignResponseService campaignResponses;
    @Inject
    Clock clock;

    public Recorded record(OutcomeCommand cmd) {
        Instant now = clock.instant();
        Decision decision = decisions.find(cmd.decisionId())
                .orElseThrow(() -> DecisioningException.decisionNotFound(cmd.decisionId()));
        RankedAction ranked = decision.ranked(cmd.actionId()).orElseThrow(() -> new DecisioningException(
                Kind.FAILED_PRECONDITION, "ACTION_NOT_IN_DECISION", "decision " + cmd.decisionId()
                        + " did not propose action '" + cmd.actionId() + "'", Map.of("action_id", cmd.actionId())));
        if (decision.decidedAt().plus(config.outcomeWindow()).isBefore(now)) {
            throw new DecisioningException(Kind.FAILED_PRECONDITION, "OUTCOME_WINDOW_CLOSED", "decision "
                    + cmd.decisionId() + " was made on " + decision.decidedAt() + ", longer ago than the outcome "
                    + "window of " + config.outcomeWindow().toDays() + " days");
        }
        if (cmd.occurredAt().isBefore(decision.decidedAt())) {
            throw new FieldProblem(List.of(new FieldProblem.Violation("occurred_at", "is before the decision ("
                    + decision.decidedAt() + ")")));
        }
        ActionSnapshot action = ranked.action();
        if (cmd.answer() != null && action.question() == null) {
            throw new FieldProblem(List.of(new FieldProblem.Violation("answer", "action '" + action.id()
                    + "' is not a question")));
        }
        if (cmd.answer() != null) {
            Answers.problem(action.question(), cmd.answer()).ifPresent(problem -> {
                throw new FieldProblem(List.of(new FieldProblem.Violation("answer", "answer to question '"
                        + action.question().questionId() + "' " + problem)));
            });
        }
        String outcomeId = Outcome.idOf(decision.id(), action.id(), cmd.type());
        var existing = outcomes.find(outcomeId);
        if (existing.isPresent()) {
            return new Recorded(existing.get(), true, "");
        }
        String channel = cmd.channel().isEmpty() ? decision.channel() : cmd.channel();
        String answerId = "";
        if (cmd.answer() != null) {
            answerId = profile.recordAnswer(decision.personId(), action.question().questionId(), cmd.answer(),
                    cmd.occurredAt(), channel, cmd.agentId(), cmd.answerKey());
        }
        if (cmd.type() == OutcomeType.PRESENTED && decision.context().direction() == Direction.INBOUND
                && !action.category().isEmpty()) {
            recordContact(decision, action, channel, cmd, outcomeId);
        }
        learning.record(decision.id(), action.id(), decision.channel(), decision.personId(), decision.decidedAt(),
                cmd.type().isSuccess());
        if (!decision.campaignId().isEmpty() && cmd.type().isSuccess()) {
            campaignResponses.record(decision.campaignId(), decision.personId(), cmd.type() == OutcomeType.CONVERTED
                    ? "CONVERTED" : "RESPONDED", cmd.occurredAt(), cmd.conversionValue(), "outcome:" + outcomeId);
        }
        if (cmd.type() == OutcomeType.DECLINED) {
            declines.add(decision.personId(), new Declines.Decline(action.id(), decision.context().sessionId(),
                    cmd.occurredAt()));
        }
        Outcome outcome = new Outcome(outcomeId, decision.id(), decision.personId(), action.id(), action.version(),
                cmd.type(), cmd.occurredAt(), now, channel, cmd.agentId(), decision.context().sessionId(),
                cmd.conversionValue(), cmd.reason());
        if (!outcomes.insert(outcome)) {
            return new Recorded(outcomes.find(outcomeId).orElse(outcome), true, answerId);
        }
        return new Recorded(outcome, false, answerId);
    }

    /** A contact an agent made within an inbound interaction: it happened, so it is recorded. */
    private void recordContact(Decision decision, ActionSnapshot action, String channel, OutcomeCommand cmd,
            String outcomeId) {
        governance.recordContact(new ContactIntent(PersonRef.id(decision.personId()), channel, action.division(),
                action.category(), "", cmd.agentId(), action.id(), "", null), cmd.occurredAt(), decision.id(),
                "decisioning-" + outcomeId.replace(':', '-'));
    }
}
