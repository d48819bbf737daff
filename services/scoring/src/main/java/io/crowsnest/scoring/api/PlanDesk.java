package io.crowsnest.scoring.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.scoring.domain.Activation;
import io.crowsnest.scoring.domain.Timeline;
import io.crowsnest.scoring.store.PlanStore;
import io.crowsnest.scoring.store.StoredPlanVersion;
import io.crowsnest.scoring.v1.GetScoringPlanRequest;
import io.crowsnest.scoring.v1.GetScoringPlanResponse;
import io.crowsnest.scoring.v1.ListScoringPlanVersionsRequest;
import io.crowsnest.scoring.v1.ListScoringPlanVersionsResponse;
import io.crowsnest.scoring.v1.ListScoringPlansRequest;
import io.crowsnest.scoring.v1.ListScoringPlansResponse;
import io.crowsnest.scoring.v1.ScoreDefinition;
import io.crowsnest.scoring.v1.ScoringPlanSummary;
import io.crowsnest.scoring.v1.UpsertScoringPlanRequest;
import io.crowsnest.scoring.v1.UpsertScoringPlanResponse;
import io.crowsnest.platform.grpc.Timestamps;
import io.grpc.Status;

/** Scoring plan versions: written as drafts under a base-version guard, read, listed with their audit trail. */
@ApplicationScoped
public class PlanDesk {

    @Inject
    PlanStore store;
    @Inject
    PlanCatalog catalog;
    @Inject
    Idempotency idempotency;

    public UpsertScoringPlanResponse upsert(UpsertScoringPlanRequest request) {
        Checks checks = new Checks();
        Set<String> scoreNames = new HashSet<>();
        request.getPlan().getScoresList().forEach(s -> scoreNames.add(s.getName()));
        catalog.book().scores(Instant.now()).forEach(s -> scoreNames.add(s.definition().name()));
        PlanValidator.validate(request.getPlan(), "plan", checks, scoreNames);
        checks.length(request.getChangeNote(), 0, 1024, "change_note");
        if (request.getBaseVersion() < 0) {
            checks.add("base_version", "must be 0 (new plan) or the latest version the edit is based on");
        }
        checks.actor(request.getActor());
        checks.idempotencyKey(request.getIdempotencyKey());
        checks.throwIfAny();
        return idempotency.once("UpsertScoringPlan", request.getIdempotencyKey(), request,
                UpsertScoringPlanResponse.parser(), () -> write(request));
    }

    private UpsertScoringPlanResponse write(UpsertScoringPlanRequest request) {
        String planId = request.getPlan().getPlanId();
        long base = request.getBaseVersion();
        Optional<StoredPlanVersion> latest = store.latest(planId);
        if (base == 0 && latest.isPresent()) {
            throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "PLAN_ALREADY_EXISTS", "plan '" + planId
                    + "' exists (latest version " + latest.get().version() + "); pass base_version to edit it");
        }
        if (base > 0 && latest.isEmpty()) {
            throw notFound(planId);
        }
        StoredPlanVersion written = new StoredPlanVersion(request.getPlan(), base + 1, base, request.getActor(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), request.getChangeNote());
        if (base > 0 && latest.get().version() != base || !store.insert(written)) {
            throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "PLAN_VERSION_CONFLICT", "plan '" + planId
                    + "' has moved on since version " + base + "; re-read the latest version and edit that");
        }
        Timeline timeline = catalog.book().timeline();
        return UpsertScoringPlanResponse.newBuilder()
                .setPlanVersion(PlanVersions.of(written, timeline, written.createdAt())).build();
    }

    public GetScoringPlanResponse get(GetScoringPlanRequest request) {
        Checks checks = new Checks();
        checks.pattern(request.getPlanId(), Checks.PLAN_ID, "plan_id", "[a-z][a-z0-9-]{0,63}");
        if (request.getVersion() < 0) {
            checks.add("version", "must be 0 (the active version) or a version number, got " + request.getVersion());
        }
        checks.throwIfAny();
        Instant now = Instant.now();
        PlanStore.VersionedTimeline timeline = store.timeline();
        long version = request.getVersion();
        if (version == 0) {
            version = timeline.timeline().inForce(request.getPlanId(), now).map(Activation::version)
                    .orElseGet(() -> store.latest(request.getPlanId()).map(StoredPlanVersion::version)
                            .orElseThrow(() -> notFound(request.getPlanId())));
        }
        return GetScoringPlanResponse.newBuilder()
                .setPlanVersion(PlanVersions.of(version(request.getPlanId(), version), timeline.timeline(), now))
                .build();
    }

    public ListScoringPlansResponse list(ListScoringPlansRequest request) {
        Checks checks = new Checks();
        Pages.Page page = Pages.read(request.getPage(), "plans", "page", checks);
        checks.throwIfAny();
        Instant now = Instant.now();
        Timeline timeline = store.timeline().timeline();
        List<String> ids = store.planIds(page.after(), page.size());
        ListScoringPlansResponse.Builder out = ListScoringPlansResponse.newBuilder();
        for (String id : ids) {
            StoredPlanVersion latest = store.latest(id).orElseThrow();
            ScoringPlanSummary.Builder summary = ScoringPlanSummary.newBuilder().setPlanId(id)
                    .setDisplayName(latest.plan().getDisplayName()).setLatestVersion(latest.version())
                    .setUpdatedAt(Timestamps.of(latest.createdAt())).setUpdatedBy(latest.createdBy());
            timeline.inForce(id, now).ifPresent(a -> {
                summary.setActiveVersion(a.version());
                store.find(id, a.version()).ifPresent(v -> v.plan().getScoresList().stream()
                        .map(ScoreDefinition::getName).sorted().forEach(summary::addScoreNames));
            });
            timeline.scheduled(id, now).ifPresent(a -> summary.setScheduledVersion(a.version()));
            out.addPlans(summary);
        }
        out.getPageBuilder().setNextPageToken(Pages.next(page, ids, id -> id, "plans"));
        return out.build();
    }

    public ListScoringPlanVersionsResponse versions(ListScoringPlanVersionsRequest request) {
        Checks checks = new Checks();
        checks.pattern(request.getPlanId(), Checks.PLAN_ID, "plan_id", "[a-z][a-z0-9-]{0,63}");
        Pages.Page page = Pages.read(request.getPage(), "versions:" + request.getPlanId(), "page", checks);
        checks.throwIfAny();
        if (store.latest(request.getPlanId()).isEmpty()) {
            throw notFound(request.getPlanId());
        }
        Instant now = Instant.now();
        Timeline timeline = store.timeline().timeline();
        long below = page.after().isEmpty() ? 0 : parseVersion(page.after());
        List<StoredPlanVersion> versions = store.versions(request.getPlanId(), below, page.size());
        ListScoringPlanVersionsResponse.Builder out = ListScoringPlanVersionsResponse.newBuilder();
        versions.forEach(v -> out.addVersions(PlanVersions.of(v, timeline, now)));
        out.getPageBuilder().setNextPageToken(Pages.next(page, versions, v -> Long.toString(v.version()),
                "versions:" + request.getPlanId()));
        return out.build();
    }

    private static long parseVersion(String token) {
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw GrpcErrors.invalid("page.page_token", "is malformed or was issued for another filter",
                    "PAGE_TOKEN_INVALID");
        }
    }

    /** A stored version, or NOT_FOUND naming what is missing: the plan or only the version. */
    StoredPlanVersion version(String planId, long version) {
        return store.find(planId, version).orElseThrow(() -> store.latest(planId).isEmpty() ? notFound(planId)
                : GrpcErrors.error(Status.Code.NOT_FOUND, "PLAN_VERSION_NOT_FOUND",
                        "plan '" + planId + "' has no version " + version));
    }

    static RuntimeException notFound(String planId) {
        return GrpcErrors.error(Status.Code.NOT_FOUND, "PLAN_NOT_FOUND", "no scoring plan '" + planId + "'");
    }
}
