package io.crowsnest.decisioning.domain;

import java.util.List;

/** A candidate a decision left out, and every reason why. */
public record RejectedAction(ActionSnapshot action, List<Reason> reasons, GovernanceView governance,
        double propensity) {

    public RejectedAction {
        reasons = List.copyOf(reasons);
    }
}
