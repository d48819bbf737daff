package io.crowsnest.alertnotification.domain;

import java.time.Duration;
import java.time.Instant;

/** Which segment's ENTERED transitions become leads for which team, how good they must be, how few. */
public record LeadRule(String id, String displayName, String segmentId, String teamId, String scoreName,
        double minScore, int maxPerHour, Duration personCooldown, Severity severity, boolean enabled, long version,
        Instant updatedAt) {

    /** Whether a score passes the rule's minimum (no score name: always). */
    public boolean qualifies(double score) {
        return scoreName.isEmpty() || score >= minScore;
    }

    public LeadRule stored(long newVersion, Instant at) {
        return new LeadRule(id, displayName, segmentId, teamId, scoreName, minScore, maxPerHour, personCooldown,
                severity, enabled, newVersion, at);
    }

    /** The same rule ignoring version and time, to tell a real change. */
    public boolean sameAs(LeadRule other) {
        return other != null && stored(0, null).equals(other.stored(0, null));
    }
}
