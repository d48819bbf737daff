package io.crowsnest.scoring.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.Activation;
import io.crowsnest.scoring.domain.Timeline;
import io.crowsnest.scoring.store.PlanStore;
import io.crowsnest.scoring.store.StoredPlanVersion;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionRequest;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionResponse;
import io.grpc.Status;

/**
 * Activates a plan version from an instant (now or later): one compare-and-set of the timeline
 * document, retried on a concurrent change, after the conflict checks against every other plan.
 */
@ApplicationScoped
public class ActivationDesk {

    private static final int ATTEMPTS = 5;

    @Inject
    PlanStore store;
    @Inject
    PlanDesk plans;
    @Inject
    PlanCatalog catalog;
    @Inject
    ActivationConflicts conflicts;
    @Inject
    Idempotency idempotency;
    @Inject
    ScoringConfig config;

    public ActivateScoringPlanVersionResponse activate(ActivateScoringPlanVersionRequest request) {
        Checks checks = new Checks();
        checks.pattern(request.getPlanId(), Checks.PLAN_ID, "plan_id", "[a-z][a-z0-9-]{0,63}");
        if (request.getVersion() < 1) {
            checks.add("version", "must be 1 or more, got " + request.getVersion());
        }
        if (request.hasEffectiveFrom()) {
            Instant from = checks.timestamp(request.getEffectiveFrom(), "effective_from");
            if (from != null && from.isBefore(Instant.now().minus(config.clockSkew()))) {
                checks.add("effective_from", "lies in the past (" + from + "); history is never rescored, so a "
                        + "version takes effect from now or later", "EFFECTIVE_FROM_IN_PAST");
            }
        }
        if (request.getExpectedActiveVersion() < 0) {
            checks.add("expected_active_version", "must be 0 (no check) or a version number");
        }
        checks.length(request.getChangeNote(), 0, 1024, "change_note");
        checks.actor(request.getActor());
        checks.idempotencyKey(request.getIdempotencyKey());
        checks.throwIfAny();
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
                    throw GrpcErrors.error(Status.Code.ABORTED, "CONCURRENT_ACTIVATION", "other activations kept "
                            + "changing the plans at the same time; retry with the same idempotency key");
                });
    }

    /** One compare-and-set attempt; empty when another activation changed the timeline meanwhile. */
    private Optional<ActivateScoringPlanVersionResponse> attempt(ActivateScoringPlanVersionRequest request,
            StoredPlanVersion version) {
        // MongoDB keeps milliseconds: the answer must show what a later read shows.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        PlanStore.VersionedTimeline read = store.timeline();
        Timeline timeline = read.timeline();
        String planId = request.getPlanId();
        Optional<Activation> active = timeline.inForce(planId, now);
        long activeVersion = active.map(Activation::version).orElse(0L);
        if (request.getExpectedActiveVersion() != 0 && request.getExpectedActiveVersion() != activeVersion) {
            throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "PLAN_VERSION_CONFLICT", "expected version "
                    + request.getExpectedActiveVersion() + " of plan '" + planId + "' to be active, but "
                    + (activeVersion == 0 ? "none is" : "version " + activeVersion + " is"),
                    Map.of("active_version", Long.toString(activeVersion)));
        }
        Instant from = request.hasEffectiveFrom()
                ? Timestamps.instant(request.getEffectiveFrom()).truncatedTo(ChronoUnit.MILLIS) : now;
        if (active.isPresent() && active.get().version() == version.version()
                && (!request.hasEffectiveFrom() || from.equals(active.get().effectiveFrom()))
                && timeline.scheduled(planId, now).isEmpty()) {
            return Optional.of(response(version, timeline, now, activeVersion));
        }
        if (active.isPresent() && !from.isAfter(active.get().effectiveFrom())) {
            throw GrpcErrors.invalid("effective_from", "must be after " + active.get().effectiveFrom()
                    + ", when version " + activeVersion + " took effect; history is never rescored",
                    "EFFECTIVE_FROM_IN_PAST");
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

    static List<String> names(StoredPlanVersion version) {
        return version.plan().getScoresList().stream().map(s -> s.getName()).toList();
    }
}
