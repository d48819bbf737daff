package io.crowsnest.contactgovernance.domain;

import java.time.Instant;
import java.util.Comparator;

/**
 * The order in which competing requests for one person's capacity are considered: never arrival
 * order. (1) MANDATORY, TRANSACTIONAL, SERVICE, then MARKETING; (2) division priority, 1 first;
 * (3) expected value, highest first; (4) planned instant, earliest first; (5) id in byte order.
 */
public final class Arbitration {

    private Arbitration() {
    }

    /** One request competing for capacity. expectedValueMinor is 0 when none was given. */
    public record Candidate(String id, Category category, int divisionPriority, long expectedValueMinor,
            Instant plannedAt) {
    }

    public static final Comparator<Candidate> ORDER = Comparator
            .comparingInt((Candidate c) -> categoryRank(c.category()))
            .thenComparingInt(Candidate::divisionPriority)
            .thenComparing(Comparator.comparingLong(Candidate::expectedValueMinor).reversed())
            .thenComparing(Candidate::plannedAt)
            .thenComparing(Candidate::id);

    private static int categoryRank(Category category) {
        return switch (category) {
            case MANDATORY -> 0;
            case TRANSACTIONAL -> 1;
            case SERVICE -> 2;
            case MARKETING -> 3;
        };
    }
}
