package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.scoring.domain.ScoringException;
import io.crowsnest.scoring.domain.SystemNotFound;
import io.crowsnest.scoring.jobs.SegmentBackfill;
import io.crowsnest.scoring.store.SegmentStore;
import io.crowsnest.scoring.store.SystemStore;
import io.crowsnest.scoring.v1.DeleteSegmentationSystemRequest;
import io.crowsnest.scoring.v1.DeleteSegmentationSystemResponse;
import io.crowsnest.scoring.v1.ListSegmentationSystemsResponse;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.SegmentationSystemSummary;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemRequest;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemResponse;

/** Segmentation systems: written under their revision, listed with their sizes, deleted when empty. */
@ApplicationScoped
public class SegmentationSystemService {

    @Inject
    SystemStore systems;
    @Inject
    SegmentStore segments;
    @Inject
    SegmentCatalog catalog;
    @Inject
    SegmentBackfill backfill;
    @Inject
    Idempotency idempotency;
    @Inject
    Clock clock;

    /** Writes a checked system under its revision (once per idempotency key). */
    public UpsertSegmentationSystemResponse upsert(UpsertSegmentationSystemRequest request) {
        return idempotency.once("UpsertSegmentationSystem", request.getIdempotencyKey(), request,
                UpsertSegmentationSystemResponse.parser(), () -> write(request));
    }

    private UpsertSegmentationSystemResponse write(UpsertSegmentationSystemRequest request) {
        String id = request.getSystem().getSystemId();
        Optional<SegmentationSystem> stored = systems.find(id);
        long expected = request.getExpectedRevision();
        long revision = stored.map(SegmentationSystem::getRevision).orElse(0L);
        SegmentationSystem next = request.getSystem().toBuilder().setRevision(revision + 1)
                .setUpdatedAt(Timestamps.of(clock.instant().truncatedTo(ChronoUnit.MILLIS)))
                .setUpdatedBy(request.getActor()).build();
        if (expected != revision || !systems.write(next, expected)) {
            throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "SYSTEM_REVISION_CONFLICT", "system '" + id
                    + "' is at revision " + revision + ", not " + expected
                    + (expected == 0 ? " (it exists already)" : "") + "; re-read it and retry");
        }
        catalog.invalidate();
        if (stored.isPresent() && stored.get().getExclusive() != next.getExclusive()) {
            backfill.systemChanged(id);
        }
        return UpsertSegmentationSystemResponse.newBuilder().setSystem(next).build();
    }

    public ListSegmentationSystemsResponse list() {
        ListSegmentationSystemsResponse.Builder out = ListSegmentationSystemsResponse.newBuilder();
        for (SegmentationSystem system : systems.all()) {
            out.addSystems(SegmentationSystemSummary.newBuilder().setSystem(system)
                    .setSegmentCount((int) segments.countInSystem(system.getSystemId())));
        }
        return out.build();
    }

    /** Deletes an empty system (once per idempotency key). */
    public DeleteSegmentationSystemResponse delete(DeleteSegmentationSystemRequest request) {
        return idempotency.once("DeleteSegmentationSystem", request.getIdempotencyKey(), request,
                DeleteSegmentationSystemResponse.parser(), () -> {
                    if (systems.find(request.getSystemId()).isEmpty()) {
                        throw new SystemNotFound(request.getSystemId());
                    }
                    long held = segments.countInSystem(request.getSystemId());
                    if (held > 0) {
                        throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "SYSTEM_NOT_EMPTY", "system '"
                                + request.getSystemId() + "' still holds " + held + " segment(s); delete them first");
                    }
                    systems.delete(request.getSystemId());
                    catalog.invalidate();
                    return DeleteSegmentationSystemResponse.newBuilder()
                            .setDeletedAt(Timestamps.of(clock.instant().truncatedTo(ChronoUnit.MILLIS))).build();
                });
    }
}
