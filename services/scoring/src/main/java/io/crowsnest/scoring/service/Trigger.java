package io.crowsnest.scoring.service;

import java.util.Map;
import java.util.Set;

import io.crowsnest.scoring.v1.TransitionCause;

/**
 * What caused an evaluation, as its transitions report it: an event (with its id), new profile
 * attributes, a schedule, or
 * a definition change of some segments (theirs are DEFINITION_CHANGED, the others' the given
 * cause); deleted names the segments just deleted, with their systems.
 */
public record Trigger(TransitionCause cause, String eventId, Set<String> changedSegments,
        Map<String, String> deleted) {

    public static Trigger event(String eventId) {
        return new Trigger(TransitionCause.TRANSITION_CAUSE_EVENT, eventId, Set.of(), Map.of());
    }

    public static Trigger attributesChanged() {
        return new Trigger(TransitionCause.TRANSITION_CAUSE_ATTRIBUTES_CHANGED, "", Set.of(), Map.of());
    }

    public static Trigger merge() {
        return new Trigger(TransitionCause.TRANSITION_CAUSE_MERGE, "", Set.of(), Map.of());
    }

    public static Trigger schedule() {
        return new Trigger(TransitionCause.TRANSITION_CAUSE_SCHEDULE, "", Set.of(), Map.of());
    }

    public static Trigger definitionChanged(Set<String> segments) {
        return new Trigger(TransitionCause.TRANSITION_CAUSE_SCHEDULE, "", segments, Map.of());
    }

    public static Trigger segmentDeleted(String segmentId, String systemId) {
        return new Trigger(TransitionCause.TRANSITION_CAUSE_SCHEDULE, "", Set.of(), Map.of(segmentId, systemId));
    }

    TransitionCause causeOf(String segmentId) {
        return changedSegments.contains(segmentId) ? TransitionCause.TRANSITION_CAUSE_DEFINITION_CHANGED : cause;
    }
}
