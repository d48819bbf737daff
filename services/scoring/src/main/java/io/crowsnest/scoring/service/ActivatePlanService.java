package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.scoring.domain.Activation;
import io.crowsnest.scoring.domain.EffectiveFromInPast;
import io.crowsnest.scoring.domain.PlanVersionConflict;
import io.crowsnest.scoring.domain.ScoringException;
import io.crowsnest.scoring.domain.Timeline;
import io.crowsnest.scoring.store.PlanStore;
import io.crowsnest.scoring.store.StoredPlanVersion;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionRequest;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionResponse;

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
    Idempotency idempotency;
    @Inject
    Clock clock;

    /** Activates a checked request's version (once per idempotency key). */
    public ActivateScoringPlanVersionResponse activate(ActivateScoringPlanVersionRequest request) {
        return idempotency.once("ActivateScoringPlanVersion", request.getIdempotencyKey(), request,
                ActivateScoringPlanVersionResponse.parser(), () -> {
                    StoredPlanVersion version = plans.version(request.getPlanId(), request.getVersion());
                    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                        Optional<ActivateScoringPlanVersionResponse> done = attempt(request, version);
                        if (done.isPresent()) {
                            catalog.invalidate();
                            return done.get();
                        }
                    }
                    throw new ScoringException(ScoringException.Kind.ABORTED, "CONCURRENT_ACTIVATION", "other "
                            + "activations kept changing the plans at the same time; retry with the same idempotency key");
                });
    }

    /** One compare-and-set attempt; empty when another activation changed the timeline meanwhile. */
    private Optional<ActivateScoringPlanVersionResponse> attempt(ActivateScoringPlanVersionRequest request,
            StoredPlanVersion version) {
        // MongoDB keeps milliseconds: the answer must show what a later read shows.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        PlanStore.VersionedTimeline read = store.timeline();
        Timeline timeline = read.timeline();
        String planId = request.getPlanId();
        Optional<Activation> active = timeline.inForce(planId, now);
        long activeVersion = active.map(Activation::version).orElse(0L);
        if (request.getExpectedActiveVersion() != 0 && request.getExpectedActiveVersion() != activeVersion) {
            throw new PlanVersionConflict("expected version " + request.getExpectedActiveVersion() + " of plan '"
                    + planId + "' to be active, but " + (activeVersion == 0 ? "none is" : "version " + activeVersion
                    + " is"), Map.of("active_version", Long.toString(activeVersion)));
        }
        Instant from = request.hasEffectiveFrom()
                ? Timestamps.instant(request.getEffectiveFrom()).truncatedTo(ChronoUnit.MILLIS) : now;
        if (active.isPresent() && active.get().version() == version.version()
                && (!request.hasEffectiveFrom() || from.equals(active.get().effectiveFrom()))
                && timeline.scheduled(planId, now).isEmpty()) {
            return Optional.of(response(version, timeline, now, activeVersion));
        }
        if (active.isPresent() && !from.isAfter(active.get().effectiveFrom())) {
            throw new EffectiveFromInPast("must be after " + active.get().effectiveFrom() + ", when version "
                    + activeVersion + " took effect; history is never rescored");
        }
        conflicts.check(version, timeline, now, from);
        Timeline next = timeline.activate(new Activation(planId, version.version(), from, now, request.getActor(),
                request.getChangeNote()), now);
        if (!store.replaceTimeline(read.revision(), next)) {
            return Optional.empty();
        }
        return Optional.of(response(version, next, now, activeVersion));
    }

    private static ActivateScoringPlanVersionResponse response(StoredPlanVersion version, Timeline timeline,
            Instant now, long previous) {
        return ActivateScoringPlanVersionResponse.newBuilder()
                .setPlanVersion(PlanVersions.of(version, timeline, now)).setPreviousActiveVersion(previous).build();
    }
}
