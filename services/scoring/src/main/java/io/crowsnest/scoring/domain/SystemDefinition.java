package io.crowsnest.scoring.domain;

import java.time.Instant;

/**
 * A segmentation system as written: an exclusive system holds a person in at most one of its
 * segments. Revision, updatedAt (null before the first write) and updatedBy are set when stored.
 */
public record SystemDefinition(String systemId, String displayName, String description, boolean exclusive,
        long revision, Instant updatedAt, String updatedBy) {

    /** The system as stored at the next revision, written by the actor at the instant. */
    public SystemDefinition written(long nextRevision, Instant at, String actor) {
        return new SystemDefinition(systemId, displayName, description, exclusive, nextRevision, at, actor);
    }
}
