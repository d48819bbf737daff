package io.crowsnest.scoring.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The activations of every plan, each plan's in increasing effective_from. History is never
 * rewritten: an activation only drops the plan's pending (future) schedule and appends itself
 * after the version in force, so the version that scored a past event stays the one in force at
 * its occurred_at.
 */
public final class Timeline {

    private final List<Activation> entries;

    public Timeline(List<Activation> entries) {
        List<Activation> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Activation::planId).thenComparing(Activation::effectiveFrom));
        this.entries = List.copyOf(sorted);
    }

    public static Timeline empty() {
        return new Timeline(List.of());
    }

    public List<Activation> entries() {
        return entries;
    }

    public Set<String> planIds() {
        Set<String> ids = new TreeSet<>();
        entries.forEach(a -> ids.add(a.planId()));
        return ids;
    }

    /** The activation of the plan in force at an instant: the latest one effective at or before it. */
    public Optional<Activation> inForce(String planId, Instant at) {
        Activation found = null;
        for (Activation a : entries) {
            if (a.planId().equals(planId) && !a.effectiveFrom().isAfter(at)) {
                found = a;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The plan's activation waiting for its effective_from, if any. */
    public Optional<Activation> scheduled(String planId, Instant now) {
        return entries.stream().filter(a -> a.planId().equals(planId) && a.effectiveFrom().isAfter(now)).findFirst();
    }

    public PlanState state(String planId, long version, Instant now) {
        if (inForce(planId, now).filter(a -> a.version() == version).isPresent()) {
            return PlanState.ACTIVE;
        }
        if (scheduled(planId, now).filter(a -> a.version() == version).isPresent()) {
            return PlanState.SCHEDULED;
        }
        return latestPeriod(planId, version, now).isPresent() ? PlanState.SUPERSEDED : PlanState.DRAFT;
    }

    /** The version's scheduled activation, else its latest period that has started. */
    public Optional<Activation> latestPeriod(String planId, long version, Instant now) {
        Optional<Activation> pending = scheduled(planId, now).filter(a -> a.version() == version);
        if (pending.isPresent()) {
            return pending;
        }
        Activation found = null;
        for (Activation a : entries) {
            if (a.planId().equals(planId) && a.version() == version && !a.effectiveFrom().isAfter(now)) {
                found = a;
            }
        }
        return Optional.ofNullable(found);
    }

    /** When the next activation of the same plan replaced this one, if one did or will. */
    public Optional<Instant> until(Activation activation) {
        return entries.stream().filter(a -> a.planId().equals(activation.planId())
                && a.effectiveFrom().isAfter(activation.effectiveFrom())).map(Activation::effectiveFrom).findFirst();
    }

    /**
     * The timeline after an activation at now: the plan's pending schedule is dropped and the
     * activation appended. The caller has checked that it starts after the version in force.
     */
    public Timeline activate(Activation activation, Instant now) {
        List<Activation> next = new ArrayList<>();
        for (Activation a : entries) {
            if (!a.planId().equals(activation.planId()) || !a.effectiveFrom().isAfter(now)) {
                next.add(a);
            }
        }
        next.add(activation);
        return new Timeline(next);
    }
}
