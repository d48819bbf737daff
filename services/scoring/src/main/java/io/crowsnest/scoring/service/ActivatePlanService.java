package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.scoring.domain.Activation;
import io.crowsnest.scoring.domain.EffectiveFromInPast;
import io.crowsnest.scoring.domain.PlanVersionConflict;
import io.crowsnest.scoring.domain.ScoringException;
import io.crowsnest.scoring.domain.Timeline;
import io.crowsnest.scoring.store.PlanStore;
import io.crowsnest.scoring.store.StoredPlanVersion;

/**
 * Activates a plan version from an instant (now or later): one compare-and-set of the timeline
 * document, retried on a concurrent change, after the conflict checks against every other plan.
 */
@ApplicationScoped
public class ActivatePlanService {

    private static final int ATTEMPTS = 5;

    @Inject
    PlanStore store;
    @Inject
    PlanService plans;
    @Inject
    PlanCatalog catalog;
    @Inject
    ActivationConflicts conflicts;
    @Inject
    Clock clock;

    /**
     * An activation asked for: the version of a plan, from when (null: now), the version expected
     * to be in force (0: no check), by whom and why.
     */
    public record Request(String planId, long version, Instant effectiveFrom, long expectedActiveVersion,
            String actor, String changeNote) {
    }

    /** The version activated (as of the activation) and the version in force before it (0: none). */
    public record Activated(PlanService.Version version, long previousActiveVersion) {
    }

    /** Activates a checked request's version. */
    public Activated activate(Request request) {
        StoredPlanVersion version = plans.version(request.planId(), request.version());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Activated> done = attempt(request, version);
            if (done.isPresent()) {
                catalog.invalidate();
                return done.get();
            }
        }
        throw new ScoringException(ScoringException.Kind.ABORTED, "CONCURRENT_ACTIVATION", "other "
                + "activations kept changing the plans at the same time; retry with the same idempotency key");
    }

    /** One compare-and-set attempt; empty when another activation changed the timeline meanwhile. */
    private Optional<Activated> attempt(Request request, StoredPlanVersion version) {
        // MongoDB keeps milliseconds: the answer must show what a later read shows.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        PlanStore.VersionedTimeline read = store.timeline();
        Timeline timeline = read.timeline();
        String planId = request.planId();
        Optional<Activation> active = timeline.inForce(planId, now);
        long activeVersion = active.map(Activation::version).orElse(0L);
        if (request.expectedActiveVersion() != 0 && request.expectedActiveVersion() != activeVersion) {
            throw new PlanVersionConflict("expected version " + request.expectedActiveVersion() + " of plan '"
                    + planId + "' to be active, but " + (activeVersion == 0 ? "none is" : "version " + activeVersion
                    + " is"), Map.of("active_version", Long.toString(activeVersion)));
        }
        boolean fromGiven = request.effectiveFrom() != null;
        Instant from = fromGiven ? request.effectiveFrom().truncatedTo(ChronoUnit.MILLIS) : now;
        if (active.isPresent() && active.get().version() == version.version()
                && (!fromGiven || from.equals(active.get().effectiveFrom()))
                && timeline.scheduled(planId, now).isEmpty()) {
            return Optional.of(new Activated(new PlanService.Version(version, timeline, now), activeVersion));
        }
        if (active.isPresent() && !from.isAfter(active.get().effectiveFrom())) {
            throw new EffectiveFromInPast("must be after " + active.get().effectiveFrom() + ", when version "
                    + activeVersion + " took effect; history is never rescored");
        }
        conflicts.check(version, timeline, now, from);
        Timeline next = timeline.activate(new Activation(planId, version.version(), from, now, request.actor(),
                request.changeNote()), now);
        if (!store.replaceTimeline(read.revision(), next)) {
            return Optional.empty();
        }
        return Optional.of(new Activated(new PlanService.Version(version, next, now), activeVersion));
    }
}
