package io.crowsnest.decisioning.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.domain.Action;
import io.crowsnest.decisioning.domain.ActionChange;
import io.crowsnest.decisioning.domain.ActionKind;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.store.ActionStore;
import io.crowsnest.platform.errors.Refusal.Kind;

/** Reads the catalogue: one version, filtered lists, and the audited changes. */
@ApplicationScoped
public class ActionQueries {

    /** List filters; empty sets and null mean no filter. */
    public record Filter(Set<ActionKind> kinds, Set<Boolean> retired, String division, Set<String> channels,
            Instant validAt, boolean allVersions) {
    }

    @Inject
    ActionStore store;

    /** The requested version (0 = latest) and the latest version number. */
    public record Found(Action action, int latestVersion) {
    }

    public Found get(String actionId, int version) {
        List<Action> versions = store.versions(actionId);
        if (versions.isEmpty()) {
            throw DecisioningException.actionNotFound(actionId);
        }
        int latest = versions.get(versions.size() - 1).version();
        if (version == 0) {
            return new Found(versions.get(versions.size() - 1), latest);
        }
        return versions.stream().filter(a -> a.version() == version).findFirst().map(a -> new Found(a, latest))
                .orElseThrow(() -> new DecisioningException(Kind.NOT_FOUND, "ACTION_VERSION_NOT_FOUND", "action '"
                        + actionId + "' has no version " + version + " (latest is " + latest + ")",
                        Map.of("action_id", actionId)));
    }

    /** Matching actions by id then version descending; filters apply to the latest version. */
    public List<Action> list(Filter f) {
        Map<String, List<Action>> byId = new LinkedHashMap<>();
        for (Action a : store.all()) {
            byId.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(a);
        }
        List<Action> out = new ArrayList<>();
        for (List<Action> versions : byId.values()) {
            Action latest = versions.get(versions.size() - 1);
            if (!matches(latest, f)) {
                continue;
            }
            if (f.allVersions()) {
                versions.stream().sorted(Comparator.comparingInt(Action::version).reversed()).forEach(out::add);
            } else {
                out.add(latest);
            }
        }
        return out;
    }

    /** Up to {@code size} items after a page key ("" = from the start), and the key to go on from ("" = no more). */
    public record Page<T>(List<T> items, String next) {
    }

    /** A page of {@link #list(Filter)}, keyed by action id then version descending. */
    public Page<Action> list(Filter f, String after, int size) {
        List<Action> rest = list(f).stream().filter(a -> after.isEmpty() || key(a).compareTo(after) > 0).toList();
        return new Page<>(rest.stream().limit(size).toList(), rest.size() > size ? key(rest.get(size - 1)) : "");
    }

    /** A page of {@link #changes(String)}, keyed by position. */
    public Page<ActionChange> changes(String actionId, String after, int size) {
        List<ActionChange> all = changes(actionId);
        int start = after.isEmpty() ? 0 : Integer.parseInt(after.replaceAll("[^0-9]", "0"));
        return new Page<>(all.stream().skip(start).limit(size).toList(), start + size < all.size()
                ? Integer.toString(start + size) : "");
    }

    /** Sort key of a listed action version: its id, then the version descending. */
    private static String key(Action a) {
        return a.id() + "@" + String.format("%06d", 999_999 - a.version());
    }

    /** Every change, newest first: creations and updates from the versions, retirements. */
    public List<ActionChange> changes(String actionId) {
        Map<String, List<Action>> byId = new LinkedHashMap<>();
        for (Action a : actionId.isEmpty() ? store.all() : store.versions(actionId)) {
            byId.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(a);
        }
        List<ActionChange> changes = new ArrayList<>();
        for (List<Action> versions : byId.values()) {
            Action before = null;
            for (Action v : versions) {
                Action unretired = new Action(v.id(), v.version(), v.spec(), v.createdAt(), v.createdBy(),
                        v.changeNote(), null);
                changes.add(new ActionChange(v.id(), before == null ? "CREATED" : "UPDATED", v.version(),
                        v.createdBy(), v.createdAt(), v.changeNote(), before, unretired));
                before = unretired;
            }
            Action latest = versions.get(versions.size() - 1);
            if (latest.retired()) {
                Action.Retirement r = latest.retirement();
                changes.add(new ActionChange(latest.id(), "RETIRED", latest.version(), r.by(), r.at(),
                        r.code() + (r.message().isEmpty() ? "" : ": " + r.message()), before, latest));
            }
        }
        changes.sort(Comparator.comparing(ActionChange::at).reversed().thenComparing(ActionChange::actionId)
                .thenComparing(c -> -c.version()));
        return changes;
    }

    private static boolean matches(Action a, Filter f) {
        return (f.kinds().isEmpty() || f.kinds().contains(a.spec().kind()))
                && (f.retired().isEmpty() || f.retired().contains(a.retired()))
                && (f.division() == null || f.division().equals(a.spec().division()))
                && (f.channels().isEmpty() || a.spec().channels().stream().anyMatch(f.channels()::contains))
                && (f.validAt() == null || a.spec().validAt(f.validAt()));
    }
}
