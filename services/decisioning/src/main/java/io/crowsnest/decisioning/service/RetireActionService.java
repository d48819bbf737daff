package io.crowsnest.decisioning.service;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.domain.Action;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.store.ActionStore;

/** Retires an action for good; retiring a retired action changes nothing. */
@ApplicationScoped
public class RetireActionService {

    /** The latest version after retirement, and whether it was retired before. */
    public record Retired(Action action, boolean alreadyRetired) {
    }

    @Inject
    ActionStore store;
    @Inject
    Clock clock;

    public Retired retire(String actionId, String code, String message, String retiredBy) {
        List<Action> versions = store.versions(actionId);
        if (versions.isEmpty()) {
            throw DecisioningException.actionNotFound(actionId);
        }
        Action latest = versions.get(versions.size() - 1);
        if (latest.retired()) {
            return new Retired(latest, true);
        }
        Action.Retirement retirement = new Action.Retirement(clock.instant(), retiredBy, code, message);
        boolean first = store.insertRetirement(actionId, retirement);
        store.changed();
        if (!first) {
            return new Retired(latest.withRetirement(store.retirement(actionId).orElse(retirement)), true);
        }
        return new Retired(latest.withRetirement(retirement), false);
    }
}
