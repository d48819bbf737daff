package io.crowsnest.decisioning.client;

import java.util.List;
import java.util.Map;

/**
 * What scoring holds about the person, as a decision reads it.
 *
 * @param scores   score name to value, in scoring's order
 * @param segments the segment ids the person belongs to, system by system
 * @param value    scoring's encoding of the value scores (crowsnest.scoring.v1.ValueScores): an opaque
 *                 payload handed unread to expressions, which are written against it
 */
public record PersonScores(Map<String, Double> scores, List<String> segments, byte[] value) {

    /** A person scoring knows nothing about. */
    public static PersonScores none() {
        return new PersonScores(Map.of(), List.of(), new byte[0]);
    }
}
