package io.crowsnest.scoring.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.Activation;
import io.crowsnest.scoring.domain.ActivationRules;
import io.crowsnest.scoring.domain.AppliedPlans;
import io.crowsnest.scoring.domain.Plan;
import io.crowsnest.scoring.domain.Timeline;
import io.crowsnest.scoring.store.PlanStore;
import io.crowsnest.scoring.store.StoredPlanVersion;

/**
 * Checks an activation against the other plans ({@link ActivationRules}): their versions in force
 * now, at the new version's effective_from, or scheduled, and the segments reading a score the new
 * version drops.
 */
@ApplicationScoped
public class ActivationConflicts {

    @Inject
    PlanStore store;
    @Inject
    ScoreUsage usage;
    @Inject
    ScoringConfig config;

    void check(StoredPlanVersion version, Timeline timeline, Instant now, Instant from) {
        String planId = version.plan().planId();
        List<Plan> others = new ArrayList<>();
        for (String other : timeline.planIds()) {
            if (!other.equals(planId)) {
                Set<Long> live = new TreeSet<>();
                timeline.inForce(other, now).ifPresent(a -> live.add(a.version()));
                timeline.inForce(other, from).ifPresent(a -> live.add(a.version()));
                timeline.scheduled(other, now).ifPresent(a -> live.add(a.version()));
                live.forEach(v -> store.find(other, v).ifPresent(found -> others.add(plan(found))));
            }
        }
        Plan candidate = plan(version);
        ActivationRules.checkOwnership(candidate, others);
        Optional<Activation> active = timeline.inForce(planId, now);
        if (active.isEmpty()) {
            return;
        }
        Set<String> dropped = store.find(planId, active.get().version())
                .map(inForce -> ActivationRules.dropped(plan(inForce), candidate)).orElse(Set.of());
        Set<String> uses = new LinkedHashSet<>(ActivationRules.churnReaders(dropped, others));
        uses.addAll(usage.segmentsReading(dropped));
        ActivationRules.checkInUse(version.version(), dropped, List.copyOf(uses));
    }

    private Plan plan(StoredPlanVersion stored) {
        return AppliedPlans.of(stored.plan(), stored.version(), config.reportingCurrency());
    }
}
