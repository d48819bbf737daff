package io.crowsnest.identity.domain;

import java.time.Instant;
import java.util.Comparator;

/**
 * Which of two persons survives a merge: a KNOWN person over an ANONYMOUS one, otherwise the
 * older (earlier created), and the smaller id when both were created at the same instant, so that
 * every request reaching the same persons picks the same survivor.
 */
public final class Survivorship {

    /** The facts the rule looks at. */
    public record Candidate(String id, PersonKind kind, Instant createdAt) {
    }

    /** Orders candidates best survivor first. */
    public static final Comparator<Candidate> FIRST_SURVIVES = Comparator
            .comparing((Candidate c) -> c.kind() == PersonKind.KNOWN ? 0 : 1)
            .thenComparing(Candidate::createdAt)
            .thenComparing(Candidate::id);

    private Survivorship() {
    }

    /** True when a survives a merge with b. */
    public static boolean survives(Candidate a, Candidate b) {
        return FIRST_SURVIVES.compare(a, b) <= 0;
    }
}
