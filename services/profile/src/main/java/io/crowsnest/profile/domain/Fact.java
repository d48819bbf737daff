package io.crowsnest.profile.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One value of an attribute, product or division relationship with where it came from. The value is
 * plain Java (String, Number, Boolean, List, Map); null means the source cleared it (removed, for a
 * product), which is a statement like any other and competes by observed_at.
 *
 * @param value      the value, or null when cleared
 * @param observedAt when the source observed it; decides which value wins
 * @param recordedAt when profile stored it
 * @param source     system that supplied it
 * @param agentId    call-centre agent who entered it; empty when none
 */
public record Fact(Object value, Instant observedAt, Instant recordedAt, String source, String agentId) {

    public Fact {
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    public boolean cleared() {
        return value == null;
    }

    /** Whether the two facts state the same value (provenance aside). */
    public boolean sameValue(Fact other) {
        return other != null && Objects.equals(value, other.value);
    }
}
