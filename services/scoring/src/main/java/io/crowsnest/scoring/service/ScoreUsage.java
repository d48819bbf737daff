package io.crowsnest.scoring.service;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.scoring.store.SegmentStore;

/** Who reads a score: segment expressions (scores.<name>). */
@ApplicationScoped
public class ScoreUsage {

    @Inject
    SegmentStore segments;

    /** A description of each segment whose expression reads one of the scores. */
    List<String> segmentsReading(Set<String> scores) {
        if (scores.isEmpty()) {
            return List.of();
        }
        return segments.reading(scores.stream().map(s -> "scores." + s).toList()).stream()
                .map(id -> "segment '" + id + "'").toList();
    }
}
