package io.crowsnest.contactgovernance.domain;

/** No reservation has the id (never made, or erased with its person). */
public class ReservationNotFound extends GovernanceException {

    public ReservationNotFound(String reservationId) {
        super(Kind.NOT_FOUND, "RESERVATION_NOT_FOUND", "no reservation '" + reservationId + "'");
    }
}
