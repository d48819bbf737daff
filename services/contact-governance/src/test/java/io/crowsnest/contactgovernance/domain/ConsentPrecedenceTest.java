package io.crowsnest.contactgovernance.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.crowsnest.contactgovernance.domain.ConsentState.Status;

/** Which consent decision stands: the last observed, the more protective on a tie, the stronger on a merge. */
class ConsentPrecedenceTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void theDecisionObservedLastWinsWhateverOrderItArrivesIn() {
        assertTrue(ConsentPrecedence.channelDecisionApplies(null, T, Status.OPTED_IN), "nothing recorded yet");
        assertTrue(ConsentPrecedence.channelDecisionApplies(T, T.plusSeconds(1), Status.OPTED_IN));
        assertFalse(ConsentPrecedence.channelDecisionApplies(T, T.minusSeconds(1), Status.OPTED_OUT),
                "an older opt-out arriving late does not replace a newer decision");
        assertFalse(ConsentPrecedence.channelDecisionApplies(T, T.minusSeconds(1), Status.NONE));
    }

    @Test
    void onATieAnOptOutWinsAndNothingElseReplaces() {
        assertTrue(ConsentPrecedence.channelDecisionApplies(T, T, Status.OPTED_OUT));
        assertFalse(ConsentPrecedence.channelDecisionApplies(T, T, Status.OPTED_IN));
        assertFalse(ConsentPrecedence.channelDecisionApplies(T, T, Status.NONE));
    }

    @Test
    void doNotContactFollowsTheSameOrderAndSettingItWinsATie() {
        assertTrue(ConsentPrecedence.doNotContactApplies(null, T, false), "never set");
        assertTrue(ConsentPrecedence.doNotContactApplies(T, T.plusMillis(1), false));
        assertFalse(ConsentPrecedence.doNotContactApplies(T, T.minusMillis(1), true));
        assertTrue(ConsentPrecedence.doNotContactApplies(T, T, true));
        assertFalse(ConsentPrecedence.doNotContactApplies(T, T, false));
    }

    @Test
    void onlyANewOptOutBlocksAndVoids() {
        assertTrue(ConsentPrecedence.newlyOptedOut(Status.NONE, Status.OPTED_OUT));
        assertTrue(ConsentPrecedence.newlyOptedOut(Status.OPTED_IN, Status.OPTED_OUT));
        assertFalse(ConsentPrecedence.newlyOptedOut(Status.OPTED_OUT, Status.OPTED_OUT), "already out");
        assertFalse(ConsentPrecedence.newlyOptedOut(Status.OPTED_OUT, Status.OPTED_IN));
    }

    @Test
    void onAMergeTheStrongerDecisionOfEitherPersonWins() {
        assertTrue(ConsentPrecedence.mergedDecisionWins(Status.OPTED_IN, null), "the survivor had none");
        assertTrue(ConsentPrecedence.mergedDecisionWins(Status.OPTED_OUT, Status.OPTED_IN));
        assertTrue(ConsentPrecedence.mergedDecisionWins(Status.OPTED_IN, Status.NONE));
        assertFalse(ConsentPrecedence.mergedDecisionWins(Status.OPTED_IN, Status.OPTED_OUT));
        assertFalse(ConsentPrecedence.mergedDecisionWins(Status.OPTED_IN, Status.OPTED_IN), "the survivor's wins a tie");
    }

    @Test
    void onAMergeDoNotContactHoldsIfEitherPersonHadIt() {
        assertTrue(ConsentPrecedence.mergedDoNotContactWins(true, true, true, false));
        assertTrue(ConsentPrecedence.mergedDoNotContactWins(true, false, false, false), "the survivor never had one");
        assertFalse(ConsentPrecedence.mergedDoNotContactWins(true, false, true, true), "the survivor's active flag stays");
        assertFalse(ConsentPrecedence.mergedDoNotContactWins(true, false, true, false));
        assertFalse(ConsentPrecedence.mergedDoNotContactWins(false, false, false, false));
    }

    @Test
    void anOptOutBlocksTheCategoriesOfItsPurposeButNotThoseExemptFromConsent() {
        assertEquals(EnumSet.of(Category.MARKETING),
                ConsentPrecedence.blockedByOptOut(Purpose.MARKETING, Set.of(Category.TRANSACTIONAL)));
        assertEquals(EnumSet.of(Category.SERVICE, Category.TRANSACTIONAL),
                ConsentPrecedence.blockedByOptOut(Purpose.SERVICE, Set.of()));
        assertEquals(EnumSet.of(Category.SERVICE),
                ConsentPrecedence.blockedByOptOut(Purpose.SERVICE, Set.of(Category.TRANSACTIONAL)));
    }

    @Test
    void doNotContactBlocksMarketingAndWhatThePolicyAddsOrEverythingButMandatoryWithoutAPolicy() {
        assertEquals(EnumSet.of(Category.MARKETING, Category.SERVICE),
                ConsentPrecedence.blockedByDoNotContact(Optional.of(Set.of(Category.SERVICE))));
        assertEquals(EnumSet.of(Category.MARKETING), ConsentPrecedence.blockedByDoNotContact(Optional.of(Set.of())));
        assertEquals(EnumSet.of(Category.MARKETING, Category.SERVICE, Category.TRANSACTIONAL),
                ConsentPrecedence.blockedByDoNotContact(Optional.empty()));
    }
}
