package io.crowsnest.scoring.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;

/**
 * The activation timeline with the content of every version it names: which plan versions score
 * an event, which plan owns a score at an instant, and the half-life pieces of each score.
 */
public final class PlanBook {

    /** A score as defined by the plan version in force. */
    public record OwnedScore(ScoreDefinition definition, String planId, long planVersion) {
    }

    private final Timeline timeline;
    private final Map<String, Plan> versions;

    /** @param versions every version the timeline names, by {@link #key(String, long)} */
    public PlanBook(Timeline timeline, Map<String, Plan> versions) {
        this.timeline = timeline;
        this.versions = Map.copyOf(versions);
    }

    public static String key(String planId, long version) {
        return planId + ":" + version;
    }

    public Timeline timeline() {
        return timeline;
    }

    /** The plan versions in force at an instant, by plan id. */
    public List<Plan> inForce(Instant at) {
        List<Plan> plans = new ArrayList<>();
        for (String planId : timeline.planIds()) {
            timeline.inForce(planId, at).map(a -> versions.get(key(a.planId(), a.version()))).ifPresent(plans::add);
        }
        return plans;
    }

    /** The value model of the plan in force at an instant that carries one, if any. */
    public Optional<ValueModel> valueModel(Instant at) {
        return inForce(at).stream().map(Plan::valueModel).filter(m -> m != null).findFirst();
    }

    /** Every score of the plans in force at an instant, by name. */
    public List<OwnedScore> scores(Instant at) {
        Map<String, OwnedScore> byName = new TreeMap<>();
        for (Plan plan : inForce(at)) {
            plan.scores().forEach(s -> byName.put(s.name(), new OwnedScore(s, plan.planId(), plan.version())));
        }
        return List.copyOf(byName.values());
    }

    /** Names of the scores of the plan versions in force or scheduled at an instant. */
    public Set<String> scoreNames(Instant now) {
        Set<String> names = new TreeSet<>();
        scores(now).forEach(s -> names.add(s.definition().name()));
        for (String planId : timeline.planIds()) {
            timeline.scheduled(planId, now).map(a -> versions.get(key(a.planId(), a.version())))
                    .ifPresent(p -> p.scores().forEach(s -> names.add(s.name())));
        }
        return names;
    }

    /** The score as defined at an instant, or by the latest version that defined it before. */
    public Optional<OwnedScore> score(String name, Instant at) {
        OwnedScore found = null;
        Instant foundFrom = null;
        for (Activation a : timeline.entries()) {
            Plan plan = versions.get(key(a.planId(), a.version()));
            if (plan == null || a.effectiveFrom().isAfter(at) || plan.score(name).isEmpty()) {
                continue;
            }
            if (foundFrom == null || !a.effectiveFrom().isBefore(foundFrom)) {
                found = new OwnedScore(plan.score(name).get(), plan.planId(), plan.version());
                foundFrom = a.effectiveFrom();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The score's half-life over time: one piece per activation of a version defining it. */
    public List<HalfLife> halfLives(String name) {
        List<HalfLife> pieces = new ArrayList<>();
        for (Activation a : timeline.entries()) {
            Plan plan = versions.get(key(a.planId(), a.version()));
            if (plan != null) {
                plan.score(name).ifPresent(s -> pieces.add(new HalfLife(a.effectiveFrom(), s.halfLifeSeconds())));
            }
        }
        pieces.sort(Comparator.comparing(HalfLife::from));
        return pieces;
    }

    /** A version the timeline names, if its content is known. */
    public Optional<Plan> version(String planId, long version) {
        return Optional.ofNullable(versions.get(key(planId, version)));
    }
}
