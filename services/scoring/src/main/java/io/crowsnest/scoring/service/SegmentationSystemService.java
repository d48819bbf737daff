package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.scoring.domain.ScoringException;
import io.crowsnest.scoring.domain.SystemDefinition;
import io.crowsnest.scoring.domain.SystemNotFound;
import io.crowsnest.scoring.jobs.SegmentBackfill;
import io.crowsnest.scoring.store.SegmentStore;
import io.crowsnest.scoring.store.SystemStore;

/** Segmentation systems: written under their revision, listed with their sizes, deleted when empty. */
@ApplicationScoped
public class SegmentationSystemService {

    /** A system with how many segments it holds. */
    public record Summary(SystemDefinition system, int segmentCount) {
    }

    @Inject
    SystemStore systems;
    @Inject
    SegmentStore segments;
    @Inject
    SegmentCatalog catalog;
    @Inject
    SegmentBackfill backfill;
    @Inject
    Clock clock;

    /** Writes a checked system at the next revision if it is at the expected one (0: create); returns it as stored. */
    public SystemDefinition upsert(SystemDefinition system, long expected, String actor) {
        String id = system.systemId();
        Optional<SystemDefinition> stored = systems.find(id);
        long revision = stored.map(SystemDefinition::revision).orElse(0L);
        SystemDefinition next = system.written(revision + 1, clock.instant().truncatedTo(ChronoUnit.MILLIS), actor);
        if (expected != revision || !systems.write(next, expected)) {
            throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "SYSTEM_REVISION_CONFLICT", "system '" + id
                    + "' is at revision " + revision + ", not " + expected
                    + (expected == 0 ? " (it exists already)" : "") + "; re-read it and retry");
        }
        catalog.invalidate();
        if (stored.isPresent() && stored.get().exclusive() != next.exclusive()) {
            backfill.systemChanged(id);
        }
        return next;
    }

    /** Every system, by id, with its segment count. */
    public List<Summary> list() {
        return systems.all().stream()
                .map(s -> new Summary(s, (int) segments.countInSystem(s.systemId()))).toList();
    }

    /** Deletes an empty system; returns when. */
    public Instant delete(String systemId) {
        if (systems.find(systemId).isEmpty()) {
            throw new SystemNotFound(systemId);
        }
        long held = segments.countInSystem(systemId);
        if (held > 0) {
            throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "SYSTEM_NOT_EMPTY", "system '"
                    + systemId + "' still holds " + held + " segment(s); delete them first");
        }
        systems.delete(systemId);
        catalog.invalidate();
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
