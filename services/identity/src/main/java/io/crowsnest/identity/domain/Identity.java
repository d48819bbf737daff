package io.crowsnest.identity.domain;

import java.time.Instant;
import java.util.List;

/**
 * What identity knows of a root person: its kind, each identifier of its tree once (where it was
 * seen last, most recently seen first), the persons merged into it and the lineage of its merges.
 */
public record Identity(String personId, PersonKind kind, Instant createdAt, Instant updatedAt,
        List<LinkedIdentifier> identifiers, List<String> mergedPersonIds, List<Merge> lineage) {

    /** One identifier of the tree: unique or shareable, when first and last seen, and the merged person holding it ("" for the root). */
    public record LinkedIdentifier(MaskedIdentifier identifier, boolean unique, Instant firstSeenAt,
            Instant lastSeenAt, String linkedViaPersonId) {
    }
}
