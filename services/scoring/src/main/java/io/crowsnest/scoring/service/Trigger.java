package io.crowsnest.scoring.service;

import java.util.Map;
import java.util.Set;

import io.crowsnest.scoring.domain.Cause;

/**
 * What caused an evaluation, as its transitions report it: an event (with its id), new profile
 * attributes, a schedule, or
 * a definition change of some segments (theirs are DEFINITION_CHANGED, the others' the given
 * cause); deleted names the segments just deleted, with their systems.
 */
public record Trigger(Cause cause, String eventId, Set<String> changedSegments,
        Map<String, String> deleted) {

    public static Trigger event(String eventId) {
        return new Trigger(Cause.EVENT, eventId, Set.of(), Map.of());
    }

    public static Trigger attributesChanged() {
        return new Trigger(Cause.ATTRIBUTES_CHANGED, "", Set.of(), Map.of());
    }

    public static Trigger merge() {
        return new Trigger(Cause.MERGE, "", Set.of(), Map.of());
    }

    public static Trigger schedule() {
        return new Trigger(Cause.SCHEDULE, "", Set.of(), Map.of());
    }

    public static Trigger definitionChanged(Set<String> segments) {
        return new Trigger(Cause.SCHEDULE, "", segments, Map.of());
    }

    public static Trigger segmentDeleted(String segmentId, String systemId) {
        return new Trigger(Cause.SCHEDULE, "", Set.of(), Map.of(segmentId, systemId));
    }

    Cause causeOf(String segmentId) {
        return changedSegments.contains(segmentId) ? Cause.DEFINITION_CHANGED : cause;
    }
}
