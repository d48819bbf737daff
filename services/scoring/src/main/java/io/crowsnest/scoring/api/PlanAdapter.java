package io.crowsnest.scoring.api;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.platform.paging.PageTokens;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.ActivationRules;
import io.crowsnest.scoring.domain.PlanRules;
import io.crowsnest.scoring.mapping.PlanDrafts;
import io.crowsnest.scoring.mapping.PlanVersions;
import io.crowsnest.scoring.service.ActivatePlanService;
import io.crowsnest.scoring.service.PlanCatalog;
import io.crowsnest.scoring.service.PlanService;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionRequest;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionResponse;
import io.crowsnest.scoring.v1.GetScoringPlanRequest;
import io.crowsnest.scoring.v1.GetScoringPlanResponse;
import io.crowsnest.scoring.v1.ListScoringPlanVersionsRequest;
import io.crowsnest.scoring.v1.ListScoringPlanVersionsResponse;
import io.crowsnest.scoring.v1.ListScoringPlansRequest;
import io.crowsnest.scoring.v1.ListScoringPlansResponse;
import io.crowsnest.scoring.v1.ScoringPlanSummary;
import io.crowsnest.scoring.v1.UpsertScoringPlanRequest;
import io.crowsnest.scoring.v1.UpsertScoringPlanResponse;

/** Scoring plan RPCs: each request checked whole, then handed to its use case. */
@Singleton
class PlanAdapter {

    @Inject
    PlanService plans;
    @Inject
    ActivatePlanService activations;
    @Inject
    PlanCatalog catalog;
    @Inject
    ScoringConfig config;
    @Inject
    Idempotency idempotency;
    @Inject
    Clock clock;

    UpsertScoringPlanResponse upsert(UpsertScoringPlanRequest request) {
        RequestChecks checks = new RequestChecks();
        Set<String> scoreNames = new HashSet<>();
        request.getPlan().getScoresList().forEach(s -> scoreNames.add(s.getName()));
        catalog.book().scores(clock.instant()).forEach(s -> scoreNames.add(s.definition().name()));
        PlanRules.check(PlanDrafts.of(request.getPlan()), "plan", scoreNames, ScoringChecks.violations(checks));
        checks.length(request.getChangeNote(), 0, 1024, "change_note");
        if (request.getBaseVersion() < 0) {
            checks.add("base_version", "must be 0 (new plan) or the latest version the edit is based on");
        }
        ScoringChecks.actor(checks, request.getActor());
        checks.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
        return idempotency.once("UpsertScoringPlan", request.getIdempotencyKey(), request,
                UpsertScoringPlanResponse.parser(), () -> UpsertScoringPlanResponse.newBuilder()
                        .setPlanVersion(PlanVersions.of(plans.upsert(PlanDrafts.of(request.getPlan()),
                                request.getBaseVersion(), request.getActor(), request.getChangeNote())))
                        .build());
    }

    GetScoringPlanResponse get(GetScoringPlanRequest request) {
        RequestChecks checks = new RequestChecks();
        ScoringChecks.id(checks, request.getPlanId(), "plan_id");
        if (request.getVersion() < 0) {
            checks.add("version", "must be 0 (the active version) or a version number, got " + request.getVersion());
        }
        checks.throwIfAny();
        return GetScoringPlanResponse.newBuilder()
                .setPlanVersion(PlanVersions.of(plans.get(request.getPlanId(), request.getVersion()))).build();
    }

    ListScoringPlansResponse list(ListScoringPlansRequest request) {
        RequestChecks checks = new RequestChecks();
        PageTokens.Page page = PageTokens.read(request.getPage(), PlanService.PLANS, "page", checks);
        checks.throwIfAny();
        PlanService.Page<PlanService.Summary> found = plans.list(page);
        ListScoringPlansResponse.Builder out = ListScoringPlansResponse.newBuilder();
        for (PlanService.Summary s : found.items()) {
            out.addPlans(ScoringPlanSummary.newBuilder().setPlanId(s.planId()).setDisplayName(s.displayName())
                    .setLatestVersion(s.latestVersion()).setUpdatedAt(Timestamps.of(s.updatedAt()))
                    .setUpdatedBy(s.updatedBy()).setActiveVersion(s.activeVersion())
                    .addAllScoreNames(s.scoreNames()).setScheduledVersion(s.scheduledVersion()));
        }
        out.getPageBuilder().setNextPageToken(found.nextPageToken());
        return out.build();
    }

    ListScoringPlanVersionsResponse versions(ListScoringPlanVersionsRequest request) {
        RequestChecks checks = new RequestChecks();
        ScoringChecks.id(checks, request.getPlanId(), "plan_id");
        PageTokens.Page page = PageTokens.read(request.getPage(), PlanService.versionsFilter(request.getPlanId()),
                "page", checks);
        long below = PageTokens.number(page, 0, Long.MIN_VALUE, Long.MAX_VALUE, "page", checks);
        checks.throwIfAny();
        PlanService.Page<PlanService.Version> found = plans.versions(request.getPlanId(), below, page);
        ListScoringPlanVersionsResponse.Builder out = ListScoringPlanVersionsResponse.newBuilder();
        found.items().forEach(v -> out.addVersions(PlanVersions.of(v)));
        out.getPageBuilder().setNextPageToken(found.nextPageToken());
        return out.build();
    }

    ActivateScoringPlanVersionResponse activate(ActivateScoringPlanVersionRequest request) {
        RequestChecks checks = new RequestChecks();
        ScoringChecks.id(checks, request.getPlanId(), "plan_id");
        if (request.getVersion() < 1) {
            checks.add("version", "must be 1 or more, got " + request.getVersion());
        }
        if (request.hasEffectiveFrom()) {
            Instant from = checks.timestamp(request.getEffectiveFrom(), "effective_from");
            String problem = from == null ? null
                    : ActivationRules.effectiveFromProblem(from, clock.instant(), config.clockSkew());
            if (problem != null) {
                checks.add("effective_from", problem, "EFFECTIVE_FROM_IN_PAST");
            }
        }
        if (request.getExpectedActiveVersion() < 0) {
            checks.add("expected_active_version", "must be 0 (no check) or a version number");
        }
        checks.length(request.getChangeNote(), 0, 1024, "change_note");
        ScoringChecks.actor(checks, request.getActor());
        checks.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
        return idempotency.once("ActivateScoringPlanVersion", request.getIdempotencyKey(), request,
                ActivateScoringPlanVersionResponse.parser(), () -> {
                    ActivatePlanService.Activated done = activations.activate(new ActivatePlanService.Request(
                            request.getPlanId(), request.getVersion(), request.hasEffectiveFrom()
                                    ? Timestamps.instant(request.getEffectiveFrom()) : null,
                            request.getExpectedActiveVersion(), request.getActor(), request.getChangeNote()));
                    return ActivateScoringPlanVersionResponse.newBuilder()
                            .setPlanVersion(PlanVersions.of(done.version()))
                            .setPreviousActiveVersion(done.previousActiveVersion()).build();
                });
    }
}
