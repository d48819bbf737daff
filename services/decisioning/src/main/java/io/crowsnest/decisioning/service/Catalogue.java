package io.crowsnest.decisioning.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.domain.Action;
import io.crowsnest.decisioning.store.ActionStore;

/**
 * The latest version of every action, as decisions read it: cached per replica and reloaded as soon
 * as the catalogue revision in the store changes (one read by _id per decision, through
 * {@link #current()}), so a change made through any replica is used by the next decision everywhere.
 */
@ApplicationScoped
public class Catalogue {

    @Inject
    ActionStore store;

    private volatile Snapshot snapshot = new Snapshot(-1, List.of(), Map.of());

    /**
     * One revision of the catalogue: what a decision judges, read once so that every part of the
     * decision sees the same actions.
     *
     * @param revision the catalogue revision it was loaded at
     * @param active   latest versions of the actions that are not retired
     * @param latest   the latest version of every action, retired ones included, by action id
     */
    public record Snapshot(long revision, List<Action> active, Map<String, Action> latest) {
    }

    /** The latest version of every action, retired ones included, by action id. */
    public Map<String, Action> latest() {
        return current().latest();
    }

    /** The catalogue at its current revision (one read of the revision, a reload only when it changed). */
    public Snapshot current() {
        long revision = store.revision();
        Snapshot current = snapshot;
        return current.revision() == revision ? current : load(revision);
    }

    private synchronized Snapshot load(long revision) {
        if (snapshot.revision() == revision) {
            return snapshot;
        }
        Map<String, Action> latest = new LinkedHashMap<>();
        for (Action a : store.all()) {
            latest.put(a.id(), a);
        }
        List<Action> active = new ArrayList<>();
        latest.values().stream().filter(a -> !a.retired()).forEach(active::add);
        snapshot = new Snapshot(revision, List.copyOf(active), java.util.Collections.unmodifiableMap(latest));
        return snapshot;
    }
}
