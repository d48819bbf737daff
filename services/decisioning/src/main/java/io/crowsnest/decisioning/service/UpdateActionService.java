package io.crowsnest.decisioning.service;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.domain.Action;
import io.crowsnest.decisioning.domain.ActionSpec;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.store.ActionStore;
import io.crowsnest.platform.errors.Refusal.Kind;

/**
 * Makes a new version of an action from a complete spec. The unique id of version n+1 is the
 * compare-and-set: of two concurrent updates from the same version, one wins and the other gets
 * ACTION_VERSION_CONFLICT.
 */
@ApplicationScoped
public class UpdateActionService {

    @Inject
    ActionStore store;
    @Inject
    ActionSpecCheck check;
    @Inject
    Clock clock;

    public Action update(String actionId, int expectedVersion, ActionSpec spec, String updatedBy, String note,
            boolean validateOnly) {
        List<Action> versions = store.versions(actionId);
        if (versions.isEmpty()) {
            throw DecisioningException.actionNotFound(actionId);
        }
        Action latest = versions.get(versions.size() - 1);
        if (latest.retired()) {
            throw new DecisioningException(Kind.FAILED_PRECONDITION, "ACTION_RETIRED",
                    "action '" + actionId + "' is retired and cannot be updated", Map.of("action_id", actionId));
        }
        if (latest.spec().kind() != spec.kind()) {
            throw new DecisioningException(Kind.FAILED_PRECONDITION, "ACTION_KIND_IMMUTABLE", "action '" + actionId
                    + "' is a " + latest.spec().kind() + "; a version cannot change it to " + spec.kind(),
                    Map.of("action_id", actionId));
        }
        if (latest.version() != expectedVersion) {
            throw conflict(actionId, expectedVersion, latest.version());
        }
        check.check(spec);
        Action next = new Action(actionId, expectedVersion + 1, spec, clock.instant(), updatedBy, note, null);
        if (validateOnly) {
            return next;
        }
        if (!store.insertVersion(next)) {
            throw conflict(actionId, expectedVersion, expectedVersion + 1);
        }
        store.changed();
        return next;
    }

    private static DecisioningException conflict(String actionId, int expected, int latest) {
        return new DecisioningException(Kind.FAILED_PRECONDITION, "ACTION_VERSION_CONFLICT", "action '" + actionId
                + "' is at version " + latest + ", not " + expected + ": someone else updated it first; reload and "
                + "apply your change again", Map.of("action_id", actionId, "latest_version", Integer.toString(latest)));
    }
}
