package io.crowsnest.decisioning.api;

import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import io.crowsnest.decisioning.client.DecisioningJson;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.ActionKind;
import io.crowsnest.decisioning.domain.ActionRules;
import io.crowsnest.decisioning.domain.FieldChecks;
import io.crowsnest.decisioning.domain.OutcomeRules;
import io.crowsnest.decisioning.domain.OutcomeType;
import io.crowsnest.decisioning.mapping.ActionMapping;
import io.crowsnest.decisioning.mapping.DecisionMapping;
import io.crowsnest.decisioning.mapping.ProtoValues;
import io.crowsnest.decisioning.service.ActionQueries;
import io.crowsnest.decisioning.service.CreateActionService;
import io.crowsnest.decisioning.service.DecideCommand;
import io.crowsnest.decisioning.service.DecideService;
import io.crowsnest.decisioning.service.DecisionLogService;
import io.crowsnest.decisioning.service.ForgetService;
import io.crowsnest.decisioning.service.OutcomeCommand;
import io.crowsnest.decisioning.service.RecordOutcomeService;
import io.crowsnest.decisioning.service.RetireActionService;
import io.crowsnest.decisioning.service.UpdateActionService;
import io.crowsnest.decisioning.v1.*;
import io.crowsnest.platform.grpc.ContentHash;
import io.crowsnest.platform.idempotency.Idempotency;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * The gRPC adapter of crowsnest.decisioning.v1.DecisioningService: check, map, call the use case,
 * map back; mutating calls run once per idempotency key. The campaign RPCs are in CampaignRpcs.
 */
@GrpcService
@Blocking
public class DecisioningGrpcService extends DecisioningServiceGrpc.DecisioningServiceImplBase {

    /** Request bytes that are no valid message are refused INVALID_ARGUMENT MALFORMED_REQUEST (platform). */
    @Override
    public io.grpc.ServerServiceDefinition bindService() {
        return io.crowsnest.platform.grpc.UnparsableRequests.guard(super.bindService());
    }

    @Inject
    DecideService decide;
    @Inject
    DecisionLogService log;
    @Inject
    RecordOutcomeService outcomes;
    @Inject
    CreateActionService create;
    @Inject
    UpdateActionService update;
    @Inject
    RetireActionService retire;
    @Inject
    ActionQueries queries;
    @Inject
    ForgetService forget;
    @Inject
    Idempotency idempotency;
    @Inject
    DecisioningConfig config;
    @Inject
    Clock clock;
    @Inject
    CampaignRpcs campaigns;

    @Override
    public void launchCampaign(LaunchCampaignRequest r, StreamObserver<LaunchCampaignResponse> response) {
        Errors.unary(response, () -> campaigns.launch(r, config.limits().divisionSet()));
    }

    @Override
    public void dryRunCampaign(DryRunCampaignRequest r, StreamObserver<DryRunCampaignResponse> response) {
        Errors.unary(response, () -> campaigns.dryRun(r, config.limits().divisionSet()));
    }

    @Override
    public void getCampaign(GetCampaignRequest r, StreamObserver<GetCampaignResponse> response) {
        Errors.unary(response, () -> campaigns.get(r));
    }

    @Override
    public void listCampaigns(ListCampaignsRequest r, StreamObserver<ListCampaignsResponse> response) {
        Errors.unary(response, () -> campaigns.list(r));
    }

    @Override
    public void pauseCampaign(PauseCampaignRequest r, StreamObserver<PauseCampaignResponse> response) {
        Errors.unary(response, () -> campaigns.pause(r));
    }

    @Override
    public void resumeCampaign(ResumeCampaignRequest r, StreamObserver<ResumeCampaignResponse> response) {
        Errors.unary(response, () -> campaigns.resume(r));
    }

    @Override
    public void cancelCampaign(CancelCampaignRequest r, StreamObserver<CancelCampaignResponse> response) {
        Errors.unary(response, () -> campaigns.cancel(r));
    }

    @Override
    public void getCampaignReport(GetCampaignReportRequest r, StreamObserver<GetCampaignReportResponse> response) {
        Errors.unary(response, () -> campaigns.report(r));
    }

    @Override
    public void recordCampaignResponse(RecordCampaignResponseRequest r,
            StreamObserver<RecordCampaignResponseResponse> response) {
        Errors.unary(response, () -> campaigns.respond(r));
    }

    @Override
    public void decide(DecideRequest r, StreamObserver<DecideResponse> response) {
        Errors.unary(response, () -> {
            FieldChecks v = new FieldChecks();
            RequestChecks.decide(r, config.limits().maxContextBytes(), v);
            v.throwIfAny();
            // once per idempotency key through the decision log (see DecideService): no record of its own
            Set<ActionKind> kinds = new HashSet<>();
            r.getKindsList().forEach(k -> kinds.add(ActionKind.valueOf(ProtoValues.name(k, "ACTION_KIND_"))));
            var decision = decide.decide(new DecideCommand(DecisionMapping.person(r.getPerson()), ProtoValues.name(r.getChannel(),
                    "CHANNEL_"), DecisionMapping.context(r.getContext()), r.getMaxActions(), kinds,
                    new LinkedHashSet<>(r.getCandidateActionIdsList())), r.getIdempotencyKey(), ContentHash.of(r));
            Decision d = DecisionMapping.decision(decision, List.of(), r.getExplainRejected());
            return DecideResponse.newBuilder().setDecisionId(d.getDecisionId()).setPersonId(d.getPersonId())
                    .addAllActions(d.getActionsList()).addAllRejected(d.getRejectedList())
                    .addAllWarnings(d.getWarningsList()).setDecidedAt(d.getDecidedAt()).build();
        });
    }

    @Override
    public void getDecision(GetDecisionRequest r, StreamObserver<GetDecisionResponse> response) {
        Errors.unary(response, () -> {
            FieldChecks v = new FieldChecks();
            Checks.matches(r.getDecisionId(), FieldChecks.DECISION_ID, "decision_id", "a decision id", v);
            v.throwIfAny();
            var logged = log.get(r.getDecisionId());
            return GetDecisionResponse.newBuilder()
                    .setDecision(DecisionMapping.decision(logged.decision(), logged.outcomes(), true)).build();
        });
    }

    @Override
    public void listDecisions(ListDecisionsRequest r, StreamObserver<ListDecisionsResponse> response) {
        Errors.unary(response, () -> {
            FieldChecks v = new FieldChecks();
            Checks.personId(r.getPersonId(), "person_id", v);
            int size = PageTokens.size(r.getPage().getPageSize(), 20, 100, v);
            v.throwIfAny();
            String after = PageTokens.read(r.getPage().getPageToken(), r.getPersonId());
            var page = log.ofPerson(r.getPersonId(), after, size + 1);
            ListDecisionsResponse.Builder b = ListDecisionsResponse.newBuilder();
            page.stream().limit(size).forEach(l -> b.addDecisions(DecisionMapping.decision(l.decision(),
                    l.outcomes(), true)));
            if (page.size() > size) {
                b.getPageBuilder().setNextPageToken(PageTokens.issue(r.getPersonId(),
                        page.get(size - 1).decision().id()));
            }
            return b.build();
        });
    }

    @Override
    public void recordOutcome(RecordOutcomeRequest r, StreamObserver<RecordOutcomeResponse> response) {
        Errors.unary(response, () -> {
            String type = ProtoValues.name(r.getType(), "OUTCOME_TYPE_");
            var cmd = new OutcomeCommand(r.getDecisionId(), r.getActionId(), ActionRules.unset(type) ? null
                    : OutcomeType.valueOf(type), r.hasOccurredAt() ? ProtoValues.instant(r.getOccurredAt()) : null,
                    r.getChannel() == io.crowsnest.common.v1.Channel.CHANNEL_UNSPECIFIED ? ""
                            : ProtoValues.name(r.getChannel(), "CHANNEL_"),
                    r.getAgentId(), r.hasConversionValue() ? ProtoValues.money(r.getConversionValue()) : null,
                    r.hasReason() ? ProtoValues.reason(r.getReason()) : null,
                    r.hasAnswer() ? DecisioningJson.VALUES.plain(r.getAnswer()) : null, r.getIdempotencyKey());
            FieldChecks v = new FieldChecks();
            OutcomeRules.check(cmd.decisionId(), cmd.actionId(), cmd.type(), cmd.occurredAt(), cmd.channel(),
                    cmd.agentId(), cmd.conversionValue(), cmd.answer() != null, cmd.reason(), clock.instant(),
                    config.clockSkew(), config.reportingCurrency(), v);
            Checks.idempotencyKey(r.getIdempotencyKey(), v);
            v.throwIfAny();
            return idempotency.once("RecordOutcome", r.getIdempotencyKey(), r, RecordOutcomeResponse.parser(), () -> {
                var recorded = outcomes.record(cmd);
                return RecordOutcomeResponse.newBuilder().setOutcome(DecisionMapping.outcome(recorded.outcome()))
                        .setAlreadyRecorded(recorded.alreadyRecorded()).setAnswerId(recorded.answerId()).build();
            });
        });
    }

    @Override
    public void createAction(CreateActionRequest r, StreamObserver<CreateActionResponse> response) {
        Errors.unary(response, () -> {
            FieldChecks v = new FieldChecks();
            ActionRules.newId(r.getActionId(), v);
            var spec = ActionMapping.spec(r.getSpec());
            ActionRules.check(spec, config.reportingCurrency(), config.limits().divisionSet(), clock.instant(), v);
            Checks.matches(r.getCreatedBy(), Checks.ACTOR, "created_by", "an actor ([A-Za-z0-9._@-]{1,64})", v);
            Checks.length(r.getChangeNote(), 500, "change_note", v);
            Checks.idempotencyKey(r.getIdempotencyKey(), v);
            v.throwIfAny();
            return idempotency.once("CreateAction", r.getIdempotencyKey(), r, CreateActionResponse.parser(),
                    () -> CreateActionResponse.newBuilder().setAction(ActionMapping.action(create.create(
                            r.getActionId(), spec, r.getCreatedBy(), r.getChangeNote(), r.getValidateOnly()))).build());
        });
    }

    @Override
    public void updateAction(UpdateActionRequest r, StreamObserver<UpdateActionResponse> response) {
        Errors.unary(response, () -> {
            FieldChecks v = new FieldChecks();
            Checks.matches(r.getActionId(), FieldChecks.ACTION_ID, "action_id", "an action id", v);
            if (r.getExpectedVersion() < 1) {
                v.add("expected_version", "must be at least 1: the latest version you have seen");
            }
            var spec = ActionMapping.spec(r.getSpec());
            ActionRules.check(spec, config.reportingCurrency(), config.limits().divisionSet(), clock.instant(), v);
            Checks.matches(r.getUpdatedBy(), Checks.ACTOR, "updated_by", "an actor ([A-Za-z0-9._@-]{1,64})", v);
            Checks.length(r.getChangeNote(), 500, "change_note", v);
            Checks.idempotencyKey(r.getIdempotencyKey(), v);
            v.throwIfAny();
            return idempotency.once("UpdateAction", r.getIdempotencyKey(), r, UpdateActionResponse.parser(),
                    () -> UpdateActionResponse.newBuilder().setAction(ActionMapping.action(update.update(
                            r.getActionId(), r.getExpectedVersion(), spec, r.getUpdatedBy(), r.getChangeNote(),
                            r.getValidateOnly()))).build());
        });
    }

    @Override
    public void getAction(GetActionRequest r, StreamObserver<GetActionResponse> response) {
        Errors.unary(response, () -> {
            FieldChecks v = new FieldChecks();
            Checks.matches(r.getActionId(), FieldChecks.ACTION_ID, "action_id", "an action id", v);
            if (r.getVersion() < 0) {
                v.add("version", "must not be negative (0 = latest)");
            }
            v.throwIfAny();
            var found = queries.get(r.getActionId(), r.getVersion());
            return GetActionResponse.newBuilder().setAction(ActionMapping.action(found.action()))
                    .setLatestVersion(found.latestVersion()).build();
        });
    }

    @Override
    public void listActions(ListActionsRequest r, StreamObserver<ListActionsResponse> response) {
        Errors.unary(response, () -> ActionListing.list(r, queries));
    }

    @Override
    public void retireAction(RetireActionRequest r, StreamObserver<RetireActionResponse> response) {
        Errors.unary(response, () -> {
            FieldChecks v = new FieldChecks();
            Checks.matches(r.getActionId(), FieldChecks.ACTION_ID, "action_id", "an action id", v);
            Checks.reason(r.getReason(), "reason", v);
            Checks.matches(r.getRetiredBy(), Checks.ACTOR, "retired_by", "an actor ([A-Za-z0-9._@-]{1,64})", v);
            Checks.idempotencyKey(r.getIdempotencyKey(), v);
            v.throwIfAny();
            return idempotency.once("RetireAction", r.getIdempotencyKey(), r, RetireActionResponse.parser(), () -> {
                var retired = retire.retire(r.getActionId(), r.getReason().getCode(), r.getReason().getMessage(),
                        r.getRetiredBy());
                return RetireActionResponse.newBuilder().setAction(ActionMapping.action(retired.action()))
                        .setAlreadyRetired(retired.alreadyRetired()).build();
            });
        });
    }

    @Override
    public void listActionChanges(ListActionChangesRequest r, StreamObserver<ListActionChangesResponse> response) {
        Errors.unary(response, () -> ActionListing.changes(r, queries));
    }

    @Override
    public void forgetPerson(ForgetPersonRequest r, StreamObserver<ForgetPersonResponse> response) {
        Errors.unary(response, () -> {
            FieldChecks v = new FieldChecks();
            Checks.personId(r.getPersonId(), "person_id", v);
            Checks.reason(r.getReason(), "reason", v);
            Checks.requestingSystem(r.getRequestingSystem(), "requesting_system", v);
            Checks.idempotencyKey(r.getIdempotencyKey(), v);
            v.throwIfAny();
            return idempotency.once("ForgetPerson", r.getIdempotencyKey(), r, ForgetPersonResponse.parser(), () -> {
                var f = forget.forgetRequested(r.getPersonId());
                return ForgetPersonResponse.newBuilder().addAllForgottenPersonIds(f.personIds())
                        .setDecisionsErasedCount(f.decisions()).setOutcomesErasedCount(f.outcomes())
                        .setForgottenAt(ProtoValues.ts(f.at())).setAlreadyForgotten(f.already()).build();
            });
        });
    }
}
