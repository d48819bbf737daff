package io.crowsnest.scoring.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.scoring.store.SegmentStore;
import io.crowsnest.scoring.store.SystemStore;
import io.crowsnest.scoring.v1.DeleteSegmentationSystemRequest;
import io.crowsnest.scoring.v1.DeleteSegmentationSystemResponse;
import io.crowsnest.scoring.v1.ListSegmentationSystemsResponse;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.SegmentationSystemSummary;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemRequest;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemResponse;
import io.grpc.Status;

/** Segmentation systems: written under their revision, listed with their sizes, deleted when empty. */
@ApplicationScoped
public class SystemDesk {

    @Inject
    SystemStore systems;
    @Inject
    SegmentStore segments;
    @Inject
    SegmentCatalog catalog;
    @Inject
    Backfill backfill;
    @Inject
    Idempotency idempotency;

    public UpsertSegmentationSystemResponse upsert(UpsertSegmentationSystemRequest request) {
        Checks checks = new Checks();
        SegmentationSystem system = request.getSystem();
        checks.pattern(system.getSystemId(), Checks.SEGMENT_ID, "system.system_id", "[a-z][a-z0-9-]{0,63}");
        checks.length(system.getDisplayName(), 1, 128, "system.display_name");
        checks.length(system.getDescription(), 0, 1024, "system.description");
        if (request.getExpectedRevision() < 0) {
            checks.add("expected_revision", "must be 0 (create) or the stored revision");
        }
        checks.actor(request.getActor());
        checks.idempotencyKey(request.getIdempotencyKey());
        checks.throwIfAny();
        return idempotency.once("UpsertSegmentationSystem", request.getIdempotencyKey(), request,
                UpsertSegmentationSystemResponse.parser(), () -> write(request));
    }

    private UpsertSegmentationSystemResponse write(UpsertSegmentationSystemRequest request) {
        String id = request.getSystem().getSystemId();
        Optional<SegmentationSystem> stored = systems.find(id);
        long expected = request.getExpectedRevision();
        long revision = stored.map(SegmentationSystem::getRevision).orElse(0L);
        SegmentationSystem next = request.getSystem().toBuilder().setRevision(revision + 1)
                .setUpdatedAt(Timestamps.of(Instant.now().truncatedTo(ChronoUnit.MILLIS)))
                .setUpdatedBy(request.getActor()).build();
        if (expected != revision || !systems.write(next, expected)) {
            throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "SYSTEM_REVISION_CONFLICT", "system '" + id
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

    public DeleteSegmentationSystemResponse delete(DeleteSegmentationSystemRequest request) {
        Checks checks = new Checks();
        checks.pattern(request.getSystemId(), Checks.SEGMENT_ID, "system_id", "[a-z][a-z0-9-]{0,63}");
        checks.actor(request.getActor());
        checks.idempotencyKey(request.getIdempotencyKey());
        checks.throwIfAny();
        return idempotency.once("DeleteSegmentationSystem", request.getIdempotencyKey(), request,
                DeleteSegmentationSystemResponse.parser(), () -> {
                    if (systems.find(request.getSystemId()).isEmpty()) {
                        throw notFound(request.getSystemId());
                    }
                    long held = segments.countInSystem(request.getSystemId());
                    if (held > 0) {
                        throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "SYSTEM_NOT_EMPTY", "system '"
                                + request.getSystemId() + "' still holds " + held + " segment(s); delete them first");
                    }
                    systems.delete(request.getSystemId());
                    catalog.invalidate();
                    return DeleteSegmentationSystemResponse.newBuilder()
                            .setDeletedAt(Timestamps.of(Instant.now().truncatedTo(ChronoUnit.MILLIS))).build();
                });
    }

    static RuntimeException notFound(String systemId) {
        return GrpcErrors.error(Status.Code.NOT_FOUND, "SYSTEM_NOT_FOUND", "no segmentation system '" + systemId + "'");
    }
}
