package io.crowsnest.scoring.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.scoring.domain.Activation;
import io.crowsnest.scoring.domain.ChurnInputs;
import io.crowsnest.scoring.domain.ScoringException;
import io.crowsnest.scoring.domain.Timeline;
import io.crowsnest.scoring.store.PlanStore;
import io.crowsnest.scoring.store.StoredPlanVersion;
import io.crowsnest.scoring.v1.ChurnWeight;

/**
 * What may not be activated: a score name another active plan owns, a second value model, or
 * dropping a score that a segment expression or a churn weight still reads.
 */
@ApplicationScoped
public class ActivationConflicts {

    @Inject
    PlanStore store;
    @Inject
    ScoreUsage usage;

    void check(StoredPlanVersion version, Timeline timeline, Instant now, Instant from) {
        String planId = version.plan().getPlanId();
        List<StoredPlanVersion> others = new ArrayList<>();
        for (String other : timeline.planIds()) {
            if (!other.equals(planId)) {
                Set<Long> live = new TreeSet<>();
                timeline.inForce(other, now).ifPresent(a -> live.add(a.version()));
                timeline.inForce(other, from).ifPresent(a -> live.add(a.version()));
                timeline.scheduled(other, now).ifPresent(a -> live.add(a.version()));
                live.forEach(v -> store.find(other, v).ifPresent(others::add));
            }
        }
        for (String name : ActivatePlanService.names(version)) {
            for (StoredPlanVersion other : others) {
                if (ActivatePlanService.names(other).contains(name)) {
                    throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "SCORE_NAME_CONFLICT", "score '" + name
                            + "' is owned by active plan '" + other.plan().getPlanId() + "' (version "
                            + other.version() + ")", Map.of("score_name", name, "plan_id", other.plan().getPlanId()));
                }
            }
        }
        if (version.plan().hasValueModel()) {
            others.stream().filter(o -> o.plan().hasValueModel()).findFirst().ifPresent(o -> {
                throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "VALUE_MODEL_CONFLICT", "active plan '"
                        + o.plan().getPlanId() + "' already carries the value model; at most one active plan may",
                        Map.of("plan_id", o.plan().getPlanId()));
            });
        }
        scoresInUse(version, timeline, now, others);
    }

    private void scoresInUse(StoredPlanVersion version, Timeline timeline, Instant now,
            List<StoredPlanVersion> others) {
        String planId = version.plan().getPlanId();
        Optional<Activation> active = timeline.inForce(planId, now);
        if (active.isEmpty()) {
            return;
        }
        Set<String> dropped = new TreeSet<>(store.find(planId, active.get().version())
                .map(ActivatePlanService::names).orElse(List.of()));
        dropped.removeAll(ActivatePlanService.names(version));
        Set<String> uses = new LinkedHashSet<>();
        for (StoredPlanVersion other : others) {
            for (ChurnWeight w : other.plan().getValueModel().getChurnModel().getWeightsList()) {
                String score = w.getInput().startsWith(ChurnInputs.SCORE_PREFIX)
                        ? w.getInput().substring(ChurnInputs.SCORE_PREFIX.length()) : "";
                if (dropped.contains(score)) {
                    uses.add("churn weight '" + w.getInput() + "' of plan '" + other.plan().getPlanId() + "'");
                }
            }
        }
        uses.addAll(usage.segmentsReading(dropped));
        if (!uses.isEmpty()) {
            throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "SCORE_IN_USE", "version " + version.version()
                    + " drops " + String.join(", ", dropped) + " still read by: " + String.join("; ", uses),
                    Map.of("scores", String.join(",", dropped), "used_by", String.join("; ", uses)));
        }
    }
}
