package io.crowsnest.identity.service;

import java.util.List;

import io.crowsnest.identity.domain.MaskedIdentifier;
import io.crowsnest.identity.domain.Merge;
import io.crowsnest.identity.domain.PersonKind;

/**
 * What one ResolvePerson did: the person the identifiers resolve to and its kind, whether it was
 * created, the merges made on the way, and what happened to each identifier of the request.
 */
public record Resolution(String personId, PersonKind kind, boolean created, List<Merge> merges,
        List<ResolvedIdentifier> identifiers) {

    /** How an identifier of the request stands with the resolved person. */
    public enum LinkStatus {
        /** Linked now for the first time. */
        NEW,
        /** Already linked within the person's tree. */
        EXISTING,
        /** Shareable, and held by other persons too (named in otherPersonIds). */
        SHARED,
        /** Unique and held by another person, who is not merged on this evidence: not linked. */
        CONFLICT
    }

    /** One identifier of the request, masked, with its status and the other persons holding it. */
    public record ResolvedIdentifier(MaskedIdentifier identifier, LinkStatus status, List<String> otherPersonIds) {
    }

    public Resolution {
        merges = List.copyOf(merges);
        identifiers = List.copyOf(identifiers);
    }

    /** Whether persons were merged into the resolved one. */
    public boolean merged() {
        return !merges.isEmpty();
    }
}
