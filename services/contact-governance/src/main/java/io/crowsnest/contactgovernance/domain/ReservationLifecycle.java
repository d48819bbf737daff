package io.crowsnest.contactgovernance.domain;

import java.time.Instant;
import java.util.Locale;

/**
 * The reservation state machine. A reservation is HELD until it is COMMITTED (the contact was made),
 * RELEASED (it will not be), EXPIRED (its time ran out) or VOIDED (an opt-out, do-not-contact, merge
 * or erasure took it back); a closed reservation never opens again.
 *
 * <ul>
 * <li>commit: HELD proceeds; COMMITTED answers the same entry again; any other state refuses.</li>
 * <li>release: HELD proceeds; COMMITTED refuses (the contact was made); any other state has nothing
 * to release and answers released = false.</li>
 * <li>an outcome: only a COMMITTED reservation's contact has one.</li>
 * </ul>
 */
public final class ReservationLifecycle {

    /** The states of a reservation; the same names as the contract's reservation states. */
    public enum State {
        HELD, COMMITTED, RELEASED, EXPIRED, VOIDED;

        /** Lower-case word for sentences, e.g. "expired". */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a transition does. */
    public enum Step {
        /** Make the transition. */
        PROCEED,
        /** It was made before: answer it again. */
        ALREADY_DONE,
        /** Nothing to change; answer the reservation as it is. */
        NOTHING_TO_DO
    }

    /**
     * What the rules need of a reservation to decide and to explain a refusal.
     *
     * @param closeCode    the code of the reason it was closed for; null when it has none
     * @param closeMessage the sentence of that reason; empty when none
     */
    public record Snapshot(String reservationId, State state, Instant closedAt, String closeCode,
            String closeMessage) {
    }

    private ReservationLifecycle() {
    }

    /** CommitReservation: PROCEED, ALREADY_DONE, or {@link ReservationClosed}. */
    public static Step commit(Snapshot r) {
        return switch (r.state()) {
            case HELD -> Step.PROCEED;
            case COMMITTED -> Step.ALREADY_DONE;
            default -> throw closed(r, "committed");
        };
    }

    /** ReleaseReservation: PROCEED, NOTHING_TO_DO, or {@link ReservationClosed} when it was committed. */
    public static Step release(Snapshot r) {
        return switch (r.state()) {
            case HELD -> Step.PROCEED;
            case COMMITTED -> throw closed(r, "released");
            default -> Step.NOTHING_TO_DO;
        };
    }

    /** RecordContactOutcome by reservation: only contacts made have outcomes. */
    public static void requireCommitted(Snapshot r) {
        if (r.state() != State.COMMITTED) {
            throw new GovernanceException(GovernanceException.Kind.FAILED_PRECONDITION, "RESERVATION_NOT_COMMITTED",
                    "reservation " + r.reservationId() + " is " + r.state().word()
                            + ", not committed: only contacts made have outcomes");
        }
    }

    /** The refusal of a closed reservation: RESERVATION_&lt;STATE&gt;, when and why it was closed. */
    public static ReservationClosed closed(Snapshot r, String verb) {
        String state = r.state().word();
        String why = r.closeCode() == null ? ""
                : r.closeMessage().isEmpty() ? " (" + r.closeCode() + ")"
                : " (" + r.closeCode() + ": " + r.closeMessage() + ")";
        return new ReservationClosed("RESERVATION_" + state.toUpperCase(Locale.ROOT), "reservation "
                + r.reservationId() + " cannot be " + verb + ": it was " + state + " at " + r.closedAt() + why);
    }
}
