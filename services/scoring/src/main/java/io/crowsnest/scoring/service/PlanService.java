package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.platform.paging.PageTokens;
import io.crowsnest.scoring.domain.Activation;
import io.crowsnest.scoring.domain.PlanNotFound;
import io.crowsnest.scoring.domain.PlanVersionConflict;
import io.crowsnest.scoring.domain.ScoringException;
import io.crowsnest.scoring.domain.Timeline;
import io.crowsnest.scoring.store.PlanStore;
import io.crowsnest.scoring.store.StoredPlanVersion;
import io.crowsnest.scoring.v1.GetScoringPlanResponse;
import io.crowsnest.scoring.v1.ListScoringPlanVersionsResponse;
import io.crowsnest.scoring.v1.ListScoringPlansResponse;
import io.crowsnest.scoring.v1.ScoreDefinition;
import io.crowsnest.scoring.v1.ScoringPlanSummary;
import io.crowsnest.scoring.v1.UpsertScoringPlanRequest;
import io.crowsnest.scoring.v1.UpsertScoringPlanResponse;

/** Scoring plan versions: written as drafts under a base-version guard, read, listed with their audit trail. */
@ApplicationScoped
public class PlanService {

    /** The filter page tokens of ListScoringPlans are bound to. */
    public static final String PLANS = "plans";

    @Inject
    PlanStore store;
    @Inject
    PlanCatalog catalog;
    @Inject
    Idempotency idempotency;
    @Inject
    Clock clock;

    /** Writes a checked plan as the next version (once per idempotency key). */
    public UpsertScoringPlanResponse upsert(UpsertScoringPlanRequest request) {
        return idempotency.once("UpsertScoringPlan", request.getIdempotencyKey(), request,
                UpsertScoringPlanResponse.parser(), () -> write(request));
    }

    private UpsertScoringPlanResponse write(UpsertScoringPlanRequest request) {
        String planId = request.getPlan().getPlanId();
        long base = request.getBaseVersion();
        Optional<StoredPlanVersion> latest = store.latest(planId);
        if (base == 0 && latest.isPresent()) {
            throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "PLAN_ALREADY_EXISTS", "plan '"
                    + planId + "' exists (latest version " + latest.get().version() + "); pass base_version to edit it");
        }
        if (base > 0 && latest.isEmpty()) {
            throw new PlanNotFound(planId);
        }
        StoredPlanVersion written = new StoredPlanVersion(request.getPlan(), base + 1, base, request.getActor(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), request.getChangeNote());
        if (base > 0 && latest.get().version() != base || !store.insert(written)) {
            throw new PlanVersionConflict("plan '" + planId + "' has moved on since version " + base
                    + "; re-read the latest version and edit that");
        }
        Timeline timeline = catalog.book().timeline();
        return UpsertScoringPlanResponse.newBuilder()
                .setPlanVersion(PlanVersions.of(written, timeline, written.createdAt())).build();
    }

    /** A version of a plan; 0 is the version in force, or the latest when none is. */
    public GetScoringPlanResponse get(String planId, long version) {
        Instant now = clock.instant();
        PlanStore.VersionedTimeline timeline = store.timeline();
        long wanted = version;
        if (wanted == 0) {
            wanted = timeline.timeline().inForce(planId, now).map(Activation::version)
                    .orElseGet(() -> store.latest(planId).map(StoredPlanVersion::version)
                            .orElseThrow(() -> new PlanNotFound(planId)));
        }
        return GetScoringPlanResponse.newBuilder()
                .setPlanVersion(PlanVersions.of(version(planId, wanted), timeline.timeline(), now)).build();
    }

    /** A page of plans in id order, each with its latest, active and scheduled version. */
    public ListScoringPlansResponse list(PageTokens.Page page) {
        Instant now = clock.instant();
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
        out.getPageBuilder().setNextPageToken(ids.isEmpty() ? ""
                : PageTokens.next(page, ids.size(), ids.get(ids.size() - 1), PLANS));
        return out.build();
    }

    /** The filter page tokens of ListScoringPlanVersions are bound to. */
    public static String versionsFilter(String planId) {
        return "versions:" + planId;
    }

    /** A page of a plan's versions, newest first, below the version {@code below} (0: from the latest). */
    public ListScoringPlanVersionsResponse versions(String planId, long below, PageTokens.Page page) {
        if (store.latest(planId).isEmpty()) {
            throw new PlanNotFound(planId);
        }
        Instant now = clock.instant();
        Timeline timeline = store.timeline().timeline();
        List<StoredPlanVersion> versions = store.versions(planId, below, page.size());
        ListScoringPlanVersionsResponse.Builder out = ListScoringPlanVersionsResponse.newBuilder();
        versions.forEach(v -> out.addVersions(PlanVersions.of(v, timeline, now)));
        out.getPageBuilder().setNextPageToken(versions.isEmpty() ? "" : PageTokens.next(page, versions.size(),
                Long.toString(versions.get(versions.size() - 1).version()), versionsFilter(planId)));
        return out.build();
    }

    /** A stored version, or NOT_FOUND naming what is missing: the plan or only the version. */
    StoredPlanVersion version(String planId, long version) {
        return store.find(planId, version).orElseThrow(() -> store.latest(planId).isEmpty() ? new PlanNotFound(planId)
                : new ScoringException(ScoringException.Kind.NOT_FOUND, "PLAN_VERSION_NOT_FOUND",
                        "plan '" + planId + "' has no version " + version));
    }
}
