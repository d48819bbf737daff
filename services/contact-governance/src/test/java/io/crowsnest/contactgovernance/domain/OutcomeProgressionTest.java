package io.crowsnest.contactgovernance.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.crowsnest.contactgovernance.domain.OutcomeProgression.Outcome;

/** A contact's outcome moves forward only: pending, then delivered or failed, then responded. */
class OutcomeProgressionTest {

    @Test
    void anOutcomeMovesForward() {
        assertTrue(OutcomeProgression.changes(Outcome.PENDING, Outcome.DELIVERED));
        assertTrue(OutcomeProgression.changes(Outcome.PENDING, Outcome.FAILED));
        assertTrue(OutcomeProgression.changes(Outcome.PENDING, Outcome.RESPONDED));
        assertTrue(OutcomeProgression.changes(Outcome.DELIVERED, Outcome.RESPONDED));
        assertTrue(OutcomeProgression.changes(Outcome.FAILED, Outcome.RESPONDED));
    }

    @Test
    void theSameOutcomeAgainChangesNothing() {
        assertFalse(OutcomeProgression.changes(Outcome.DELIVERED, Outcome.DELIVERED));
        assertFalse(OutcomeProgression.changes(Outcome.RESPONDED, Outcome.RESPONDED));
    }

    @Test
    void anOutcomeNeverMovesBackOrSideways() {
        GovernanceException back = assertThrows(GovernanceException.class,
                () -> OutcomeProgression.changes(Outcome.RESPONDED, Outcome.DELIVERED));
        assertEquals("OUTCOME_REGRESSION", back.reason());
        assertEquals("outcome cannot move from RESPONDED to DELIVERED", back.getMessage());
        assertThrows(GovernanceException.class, () -> OutcomeProgression.changes(Outcome.DELIVERED, Outcome.FAILED));
        assertThrows(GovernanceException.class, () -> OutcomeProgression.changes(Outcome.FAILED, Outcome.DELIVERED));
        assertThrows(GovernanceException.class, () -> OutcomeProgression.changes(Outcome.DELIVERED, Outcome.PENDING));
    }
}
