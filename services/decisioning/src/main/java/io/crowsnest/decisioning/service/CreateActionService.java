package io.crowsnest.decisioning.service;

import java.time.Clock;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Action;
import io.crowsnest.decisioning.domain.ActionSpec;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.store.ActionStore;

/** Creates an action: version 1, active, after its expressions and templates were checked. */
@ApplicationScoped
public class CreateActionService {

    @Inject
    ActionStore store;
    @Inject
    ActionSpecCheck check;
    @Inject
    Clock clock;
    @Inject
    DecisioningConfig config;

    public Action create(String actionId, ActionSpec spec, String createdBy, String note, boolean validateOnly) {
        check.check(spec);
        Action action = new Action(actionId, 1, spec, clock.instant(), createdBy, note, null);
        if (validateOnly) {
            return action;
        }
        long active = store.all().stream().filter(a -> !a.retired()).map(Action::id).distinct().count();
        if (active >= config.maxActions()) {
            throw new DecisioningException(DecisioningException.Kind.RESOURCE_EXHAUSTED, "ACTION_LIMIT_REACHED",
                    "there are already " + active + " active actions, the most this installation allows "
                            + "(crowsnest.decisioning.max-actions): each is weighed in every decision; retire one first",
                    Map.of("limit", Integer.toString(config.maxActions())));
        }
        if (!store.insertVersion(action)) {
            throw new DecisioningException(DecisioningException.Kind.ALREADY_EXISTS, "ACTION_ALREADY_EXISTS",
                    "an action with id '" + actionId + "' exists already (ids are never reused)",
                    Map.of("action_id", actionId));
        }
        store.changed();
        return action;
    }
}
