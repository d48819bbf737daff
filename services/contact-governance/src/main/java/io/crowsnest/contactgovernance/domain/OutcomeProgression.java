package io.crowsnest.contactgovernance.domain;

/**
 * How a contact's outcome moves: from PENDING to DELIVERED or FAILED, and from any of these to
 * RESPONDED; never back, and never sideways between DELIVERED and FAILED.
 */
public final class OutcomeProgression {

    /** Outcomes of a contact; the same names as the contract's contact outcomes. */
    public enum Outcome {
        PENDING, DELIVERED, FAILED, RESPONDED
    }

    private OutcomeProgression() {
    }

    /**
     * Whether recording {@code next} changes the contact: false when it is the outcome already;
     * FAILED_PRECONDITION OUTCOME_REGRESSION when it would move back or sideways.
     */
    public static boolean changes(Outcome current, Outcome next) {
        if (current == next) {
            return false;
        }
        if (rank(next) <= rank(current)) {
            throw new GovernanceException(GovernanceException.Kind.FAILED_PRECONDITION, "OUTCOME_REGRESSION",
                    "outcome cannot move from " + current + " to " + next);
        }
        return true;
    }

    private static int rank(Outcome outcome) {
        return switch (outcome) {
            case DELIVERED, FAILED -> 1;
            case RESPONDED -> 2;
            case PENDING -> 0;
        };
    }
}
