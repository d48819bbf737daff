package io.crowsnest.scoring.domain;

import static io.crowsnest.scoring.domain.MembershipRules.Direction.ENTERED;
import static io.crowsnest.scoring.domain.MembershipRules.Direction.LEFT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crowsnest.scoring.domain.MembershipRules.Candidate;
import io.crowsnest.scoring.domain.MembershipRules.Change;
import io.crowsnest.scoring.domain.MembershipRules.Decision;
import io.crowsnest.scoring.domain.MembershipRules.SegmentSystem;

class MembershipRulesTest {

    private static final List<SegmentSystem> SYSTEMS = List.of(new SegmentSystem("tier", true),
            new SegmentSystem("behaviour", false));

    @Test
    void anExclusiveSystemKeepsTheBestRankedMatchAndMovesAsLeftThenEntered() {
        List<Candidate> candidates = List.of(new Candidate("gold", "tier", 1, true),
                new Candidate("silver", "tier", 2, true), new Candidate("bronze", "tier", 3, false));
        Decision d = MembershipRules.decide(SYSTEMS, candidates, Map.of("silver", "tier"));
        assertEquals(Map.of("gold", List.of("silver")), d.members());
        assertEquals(List.of(new Change(LEFT, "silver", "tier", "gold", true),
                new Change(ENTERED, "gold", "tier", "silver", false)), d.changes());
    }

    @Test
    void tiesInPriorityGoToTheLowestIdAndStayingPutChangesNothing() {
        List<Candidate> candidates = List.of(new Candidate("b", "tier", 1, true), new Candidate("a", "tier", 1, true));
        Decision d = MembershipRules.decide(SYSTEMS, candidates, Map.of("a", "tier"));
        assertEquals(Map.of("a", List.of("b")), d.members());
        assertEquals(List.of(), d.changes());
    }

    @Test
    void aNonExclusiveSystemHoldsEveryMatchAndLeavesWhatNoLongerMatches() {
        List<Candidate> candidates = List.of(new Candidate("lead", "behaviour", 0, true),
                new Candidate("browser", "behaviour", 0, true), new Candidate("lapsed", "behaviour", 0, false));
        Decision d = MembershipRules.decide(SYSTEMS, candidates, Map.of("lapsed", "behaviour", "lead", "behaviour"));
        assertEquals(Map.of("browser", List.of(), "lead", List.of()), d.members());
        assertEquals(List.of(new Change(LEFT, "lapsed", "behaviour", null, false),
                new Change(ENTERED, "browser", "behaviour", null, false)), d.changes());
    }

    @Test
    void aMembershipWhoseSegmentWasNotEvaluatedIsLeftAloneUnlessAnotherWinsItsExclusiveSystem() {
        Decision kept = MembershipRules.decide(SYSTEMS, List.of(), Map.of("gold", "tier", "lead", "behaviour"));
        assertEquals(Map.of(), kept.members());
        assertEquals(List.of(), kept.changes());
        Decision moved = MembershipRules.decide(SYSTEMS, List.of(new Candidate("silver", "tier", 2, true)),
                Map.of("gold", "tier"));
        assertEquals(List.of(new Change(LEFT, "gold", "tier", "silver", false),
                new Change(ENTERED, "silver", "tier", "gold", false)), moved.changes());
    }
}
