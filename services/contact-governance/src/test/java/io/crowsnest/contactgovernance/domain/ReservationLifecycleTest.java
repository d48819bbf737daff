package io.crowsnest.contactgovernance.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.crowsnest.contactgovernance.domain.ReservationLifecycle.State;
import io.crowsnest.contactgovernance.domain.ReservationLifecycle.Step;

/** The reservation state machine: what commit, release and outcomes may do in each state, and how a refusal reads. */
class ReservationLifecycleTest {

    private static final Instant CLOSED = Instant.parse("2026-11-23T10:15:00Z");

    private static ReservationLifecycle.Snapshot in(State state) {
        return new ReservationLifecycle.Snapshot("rsv-1", state, CLOSED, null, "");
    }

    @Test
    void aHeldReservationIsCommittedOnceAndACommittedOneAnswersAgain() {
        assertEquals(Step.PROCEED, ReservationLifecycle.commit(in(State.HELD)));
        assertEquals(Step.ALREADY_DONE, ReservationLifecycle.commit(in(State.COMMITTED)));
    }

    @Test
    void aReleasedExpiredOrVoidedReservationCannotBeCommittedAndSaysWhy() {
        for (State closed : new State[] {State.RELEASED, State.EXPIRED, State.VOIDED}) {
            ReservationClosed e = assertThrows(ReservationClosed.class, () -> ReservationLifecycle.commit(in(closed)));
            assertEquals("RESERVATION_" + closed.name(), e.reason());
            assertEquals(GovernanceException.Kind.FAILED_PRECONDITION, e.kind());
        }
        ReservationClosed voided = assertThrows(ReservationClosed.class, () -> ReservationLifecycle.commit(
                new ReservationLifecycle.Snapshot("rsv-2", State.VOIDED, CLOSED, "OPTED_OUT",
                        "the customer opted out of email marketing")));
        assertEquals("reservation rsv-2 cannot be committed: it was voided at 2026-11-23T10:15:00Z"
                + " (OPTED_OUT: the customer opted out of email marketing)", voided.getMessage());
        ReservationClosed codeOnly = assertThrows(ReservationClosed.class, () -> ReservationLifecycle.commit(
                new ReservationLifecycle.Snapshot("rsv-3", State.VOIDED, CLOSED, "PERSON_FORGOTTEN", "")));
        assertEquals("reservation rsv-3 cannot be committed: it was voided at 2026-11-23T10:15:00Z"
                + " (PERSON_FORGOTTEN)", codeOnly.getMessage());
    }

    @Test
    void aCommittedReservationCannotBeReleasedAndOtherClosedOnesHaveNothingToRelease() {
        assertEquals(Step.PROCEED, ReservationLifecycle.release(in(State.HELD)));
        ReservationClosed e = assertThrows(ReservationClosed.class,
                () -> ReservationLifecycle.release(in(State.COMMITTED)));
        assertEquals("RESERVATION_COMMITTED", e.reason());
        assertEquals("reservation rsv-1 cannot be released: it was committed at 2026-11-23T10:15:00Z",
                e.getMessage());
        assertEquals(Step.NOTHING_TO_DO, ReservationLifecycle.release(in(State.RELEASED)));
        assertEquals(Step.NOTHING_TO_DO, ReservationLifecycle.release(in(State.EXPIRED)));
        assertEquals(Step.NOTHING_TO_DO, ReservationLifecycle.release(in(State.VOIDED)));
    }

    @Test
    void onlyACommittedReservationsContactHasAnOutcome() {
        ReservationLifecycle.requireCommitted(in(State.COMMITTED));
        GovernanceException e = assertThrows(GovernanceException.class,
                () -> ReservationLifecycle.requireCommitted(in(State.HELD)));
        assertEquals("RESERVATION_NOT_COMMITTED", e.reason());
        assertEquals("reservation rsv-1 is held, not committed: only contacts made have outcomes", e.getMessage());
    }
}
