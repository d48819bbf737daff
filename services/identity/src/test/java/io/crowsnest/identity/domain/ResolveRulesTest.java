package io.crowsnest.identity.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowsnest.identity.domain.ResolveRules.Choice;
import io.crowsnest.identity.domain.Survivorship.Candidate;

class ResolveRulesTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static Candidate known(String id, int createdSecond) {
        return new Candidate(id, PersonKind.KNOWN, T.plusSeconds(createdSecond));
    }

    private static Candidate anonymous(String id, int createdSecond) {
        return new Candidate(id, PersonKind.ANONYMOUS, T.plusSeconds(createdSecond));
    }

    private static List<String> ids(List<Candidate> candidates) {
        return candidates.stream().map(Candidate::id).toList();
    }

    @Test
    void nobodyReachedMeansANewPerson() {
        assertTrue(ResolveRules.choose(List.of(), List.of(), true).isEmpty());
    }

    @Test
    void anonymousPersonsAreMergedIntoTheOldestOfThem() {
        Choice choice = ResolveRules.choose(List.of(), List.of(anonymous("b", 5), anonymous("a", 9)), false)
                .orElseThrow();
        assertEquals("b", choice.target().id());
        assertEquals(List.of("a"), ids(choice.toMerge()));
    }

    @Test
    void withoutAuthenticationTheFirstKnownPersonIsTheTargetAndOtherKnownOnesStayApart() {
        Choice choice = ResolveRules.choose(List.of(known("late", 9), known("early", 1)), List.of(anonymous("x", 0)),
                false).orElseThrow();
        assertEquals("late", choice.target().id());
        assertEquals(List.of("x"), ids(choice.toMerge()), "only the anonymous person is merged");
    }

    @Test
    void onAuthenticatedEvidenceKnownPersonsAreMergedIntoTheBestSurvivor() {
        Choice choice = ResolveRules.choose(List.of(known("late", 9), known("early", 1)), List.of(anonymous("x", 0)),
                true).orElseThrow();
        assertEquals("early", choice.target().id());
        assertEquals(List.of("late", "x"), ids(choice.toMerge()), "known ones first, then anonymous, in order");
    }

    @Test
    void aKnownPersonSurvivesAnOlderAnonymousOne() {
        assertTrue(Survivorship.survives(known("k", 100), anonymous("a", 0)));
        assertFalse(Survivorship.survives(anonymous("a", 0), known("k", 100)));
        assertTrue(Survivorship.survives(anonymous("a", 0), anonymous("b", 0)), "same instant: the smaller id");
    }

    @Test
    void theMergeReasonSaysWhatWasMergedAndOnWhatEvidence() {
        assertEquals("RESOLVE_AUTHENTICATED", ResolveRules.mergeReasonCode(true));
        assertEquals("RESOLVE_ANONYMOUS", ResolveRules.mergeReasonCode(false));
        assertEquals("known person reached through identifiers seen together with the survivor's in one "
                + "authenticated request from web", ResolveRules.mergeReasonMessage(PersonKind.KNOWN, true, "web"));
        assertEquals("anonymous person reached through identifiers seen together with the survivor's in one "
                + "request from app", ResolveRules.mergeReasonMessage(PersonKind.ANONYMOUS, false, "app"));
    }

    @Test
    void aLinkSeenAgainWithinTheResolutionIsNotWorthAWrite() {
        Instant first = T;
        Instant last = T.plusSeconds(600);
        assertTrue(ResolveRules.seenRecently(first, last, last, MINUTE));
        assertTrue(ResolveRules.seenRecently(first, last, last.plusSeconds(59), MINUTE));
        assertTrue(ResolveRules.seenRecently(first, last, first, MINUTE), "out of order within the seen span");
        assertFalse(ResolveRules.seenRecently(first, last, last.plusSeconds(60), MINUTE), "a resolution later");
        assertFalse(ResolveRules.seenRecently(first, last, first.minusSeconds(1), MINUTE), "moves first-seen back");
        assertFalse(ResolveRules.seenRecently(first, last, last, Duration.ZERO), "0 writes every request");
    }
}
