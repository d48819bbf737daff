package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.paging.PageTokens;
import io.crowsnest.scoring.domain.Activation;
import io.crowsnest.scoring.domain.PlanDraft;
import io.crowsnest.scoring.domain.PlanNotFound;
import io.crowsnest.scoring.domain.PlanVersionConflict;
import io.crowsnest.scoring.domain.ScoringException;
import io.crowsnest.scoring.domain.Timeline;
import io.crowsnest.scoring.store.PlanStore;
import io.crowsnest.scoring.store.StoredPlanVersion;

/** Scoring plan versions: written as drafts under a base-version guard, read, listed with their audit trail. */
@ApplicationScoped
public class PlanService {

    /** The filter page tokens of ListScoringPlans are bound to. */
    public static final String PLANS = "plans";

    /** A stored version with the timeline its state and activation are read from, as of an instant. */
    public record Version(StoredPlanVersion stored, Timeline timeline, Instant at) {
    }

    /**
     * A plan in a list: its latest version (display name, when and by whom it was written), the
     * version in force and its score names (0 and none when no version is), the version scheduled
     * (0 when none is).
     */
    public record Summary(String planId, String displayName, long latestVersion, Instant updatedAt, String updatedBy,
            long activeVersion, List<String> scoreNames, long scheduledVersion) {
    }

    /** A page of plans or versions and the token of the next one ("" after the last). */
    public record Page<T>(List<T> items, String nextPageToken) {
    }

    @Inject
    PlanStore store;
    @Inject
    PlanCatalog catalog;
    @Inject
    Clock clock;

    /** Writes a checked plan as the next version after the base version (0: a new plan). */
    public Version upsert(PlanDraft plan, long base, String actor, String changeNote) {
        String planId = plan.planId();
        Optional<StoredPlanVersion> latest = store.latest(planId);
        if (base == 0 && latest.isPresent()) {
            throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "PLAN_ALREADY_EXISTS", "plan '"
                    + planId + "' exists (latest version " + latest.get().version() + "); pass base_version to edit it");
        }
        if (base > 0 && latest.isEmpty()) {
            throw new PlanNotFound(planId);
        }
        StoredPlanVersion written = new StoredPlanVersion(plan, base + 1, base, actor,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), changeNote);
        if (base > 0 && latest.get().version() != base || !store.insert(written)) {
            throw new PlanVersionConflict("plan '" + planId + "' has moved on since version " + base
                    + "; re-read the latest version and edit that");
        }
        return new Version(written, catalog.book().timeline(), written.createdAt());
    }

    /** A version of a plan; 0 is the version in force, or the latest when none is. */
    public Version get(String planId, long version) {
        Instant now = clock.instant();
        PlanStore.VersionedTimeline timeline = store.timeline();
        long wanted = version;
        if (wanted == 0) {
            wanted = timeline.timeline().inForce(planId, now).map(Activation::version)
                    .orElseGet(() -> store.latest(planId).map(StoredPlanVersion::version)
                            .orElseThrow(() -> new PlanNotFound(planId)));
        }
        return new Version(version(planId, wanted), timeline.timeline(), now);
    }

    /** A page of plans in id order, each with its latest, active and scheduled version. */
    public Page<Summary> list(PageTokens.Page page) {
        Instant now = clock.instant();
        Timeline timeline = store.timeline().timeline();
        List<String> ids = store.planIds(page.after(), page.size());
        List<Summary> out = new ArrayList<>();
        for (String id : ids) {
            StoredPlanVersion latest = store.latest(id).orElseThrow();
            Optional<Activation> active = timeline.inForce(id, now);
            List<String> names = active.flatMap(a -> store.find(id, a.version()))
                    .map(v -> v.plan().scores().stream().map(PlanDraft.Score::name).sorted().toList())
                    .orElse(List.of());
            out.add(new Summary(id, latest.plan().displayName(), latest.version(), latest.createdAt(),
                    latest.createdBy(), active.map(Activation::version).orElse(0L), names,
                    timeline.scheduled(id, now).map(Activation::version).orElse(0L)));
        }
        return new Page<>(out, ids.isEmpty() ? "" : PageTokens.next(page, ids.size(), ids.get(ids.size() - 1), PLANS));
    }

    /** The filter page tokens of ListScoringPlanVersions are bound to. */
    public static String versionsFilter(String planId) {
        return "versions:" + planId;
    }

    /** A page of a plan's versions, newest first, below the version {@code below} (0: from the latest). */
    public Page<Version> versions(String planId, long below, PageTokens.Page page) {
        if (store.latest(planId).isEmpty()) {
            throw new PlanNotFound(planId);
        }
        Instant now = clock.instant();
        Timeline timeline = store.timeline().timeline();
        List<StoredPlanVersion> versions = store.versions(planId, below, page.size());
        return new Page<>(versions.stream().map(v -> new Version(v, timeline, now)).toList(),
                versions.isEmpty() ? "" : PageTokens.next(page, versions.size(),
                        Long.toString(versions.get(versions.size() - 1).version()), versionsFilter(planId)));
    }

    /** A stored version, or NOT_FOUND naming what is missing: the plan or only the version. */
    StoredPlanVersion version(String planId, long version) {
        return store.find(planId, version).orElseThrow(() -> store.latest(planId).isEmpty() ? new PlanNotFound(planId)
                : new ScoringException(ScoringException.Kind.NOT_FOUND, "PLAN_VERSION_NOT_FOUND",
                        "plan '" + planId + "' has no version " + version));
    }
}
