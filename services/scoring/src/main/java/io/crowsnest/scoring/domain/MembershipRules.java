package io.crowsnest.scoring.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which segments a person is in after an evaluation, and the transitions that take it there. In
 * an exclusive system only the matching segment with the lowest priority (then id) is kept and a
 * move is LEFT then ENTERED; in other systems every matching segment is.
 */
public final class MembershipRules {

    private MembershipRules() {
    }

    /** One evaluated segment. */
    public record Candidate(String segmentId, String systemId, int priority, boolean matched) {
    }

    /** A system and whether it is exclusive. */
    public record SegmentSystem(String systemId, boolean exclusive) {
    }

    public enum Direction {
        ENTERED, LEFT
    }

    /**
     * One transition; other is the segment moved to (LEFT) or from (ENTERED) in an exclusive
     * system, else null. outranked: LEFT because another segment of an exclusive system won.
     */
    public record Change(Direction direction, String segmentId, String systemId, String other, boolean outranked) {
    }

    /**
     * @param members segments the person is in afterwards (entered or kept), each with the
     *                lower-ranked segments of its exclusive system that also matched
     * @param changes transitions, system by system; a membership neither in members nor left is
     *                untouched (its segment could not be evaluated)
     */
    public record Decision(Map<String, List<String>> members, List<Change> changes) {
    }

    /**
     * @param candidates every segment evaluated
     * @param current    segment id -> system id of the person's memberships before
     */
    public static Decision decide(List<SegmentSystem> systems, List<Candidate> candidates,
            Map<String, String> current) {
        Map<String, List<String>> members = new LinkedHashMap<>();
        List<Change> changes = new ArrayList<>();
        for (SegmentSystem system : systems) {
            List<Candidate> matched = candidates.stream()
                    .filter(c -> c.systemId().equals(system.systemId()) && c.matched())
                    .sorted(Comparator.comparingInt(Candidate::priority).thenComparing(Candidate::segmentId))
                    .toList();
            Set<String> before = new TreeSet<>();
            current.forEach((segment, sys) -> {
                if (sys.equals(system.systemId())) {
                    before.add(segment);
                }
            });
            if (system.exclusive()) {
                exclusive(system, matched, before, candidates, members, changes);
            } else {
                for (Candidate c : matched) {
                    members.put(c.segmentId(), List.of());
                    if (!before.contains(c.segmentId())) {
                        changes.add(new Change(Direction.ENTERED, c.segmentId(), system.systemId(), null, false));
                    }
                }
                for (String segment : before) {
                    if (!members.containsKey(segment) && evaluated(candidates, segment)) {
                        changes.add(0, new Change(Direction.LEFT, segment, system.systemId(), null, false));
                    }
                }
            }
        }
        return new Decision(members, changes);
    }

    private static void exclusive(SegmentSystem system, List<Candidate> matched, Set<String> before,
            List<Candidate> candidates, Map<String, List<String>> members, List<Change> changes) {
        String winner = matched.isEmpty() ? null : matched.get(0).segmentId();
        if (winner != null) {
            members.put(winner, matched.stream().skip(1).map(Candidate::segmentId).toList());
        }
        String from = null;
        for (String segment : before) {
            if (!segment.equals(winner) && (winner != null || evaluated(candidates, segment))) {
                boolean outranked = matched.stream().anyMatch(c -> c.segmentId().equals(segment));
                changes.add(new Change(Direction.LEFT, segment, system.systemId(), winner, outranked));
                from = segment;
            }
        }
        if (winner != null && !before.contains(winner)) {
            changes.add(new Change(Direction.ENTERED, winner, system.systemId(), from, false));
        }
    }

    /** Only segments evaluated now may be left; one that could not be evaluated keeps its members. */
    private static boolean evaluated(List<Candidate> candidates, String segmentId) {
        return candidates.stream().anyMatch(c -> c.segmentId().equals(segmentId));
    }
}
