package io.crowsnest.contactgovernance.domain;

/**
 * A reservation is no longer HELD, so it cannot be committed or released: the reason names the
 * state it was closed in (RESERVATION_COMMITTED, _RELEASED, _EXPIRED, _VOIDED) and the sentence
 * says when and why.
 */
public class ReservationClosed extends GovernanceException {

    public ReservationClosed(String reason, String message) {
        super(Kind.FAILED_PRECONDITION, reason, message);
    }
}
