package io.crowsnest.decisioning.domain;

import java.time.Instant;
import java.util.List;

/** A decision as kept in the decision log. */
public record Decision(String id, String personId, String channel, DecisionContext context,
        List<RankedAction> actions, List<RejectedAction> rejected, List<Reason> warnings, Instant decidedAt,
        String campaignId) {

    public Decision {
        actions = List.copyOf(actions);
        rejected = List.copyOf(rejected);
        warnings = List.copyOf(warnings);
    }

    /** The ranked action with that id, if the decision proposed it. */
    public java.util.Optional<RankedAction> ranked(String actionId) {
        return actions.stream().filter(a -> a.action().id().equals(actionId)).findFirst();
    }
}
