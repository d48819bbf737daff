package io.crowsnest.scoring.domain;

/**
 * Why a person entered or left a segment, as its transition reports it (the contract's
 * TransitionCause of the same name).
 */
public enum Cause {
    /** An event observed for the person. */
    EVENT,
    /** The re-evaluation schedule, or a walk for a change of other segments. */
    SCHEDULE,
    /** The segment's own definition changed. */
    DEFINITION_CHANGED,
    /** The segment was deleted. */
    SEGMENT_DELETED,
    /** The person's merge into another. */
    MERGE,
    /** The person's erasure. */
    FORGET,
    /** New profile attributes of the person. */
    ATTRIBUTES_CHANGED
}
