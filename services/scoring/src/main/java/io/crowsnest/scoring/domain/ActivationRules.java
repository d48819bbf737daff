package io.crowsnest.scoring.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What may not be activated beside the other plans (their versions in force now, at the new
 * version's effective_from, or scheduled): a score name another plan owns, a second value model,
 * or dropping a score that something still reads (a churn weight of another plan, a segment); and
 * when a version may take effect (from now on: history is never rescored).
 */
public final class ActivationRules {

    private ActivationRules() {
    }

    /** SCORE_NAME_CONFLICT when another plan owns one of the candidate's scores; VALUE_MODEL_CONFLICT for a second value model. */
    public static void checkOwnership(Plan candidate, List<Plan> others) {
        for (ScoreDefinition score : candidate.scores()) {
            for (Plan other : others) {
                if (other.score(score.name()).isPresent()) {
                    throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "SCORE_NAME_CONFLICT",
                            "score '" + score.name() + "' is owned by active plan '" + other.planId() + "' (version "
                                    + other.version() + ")", Map.of("score_name", score.name(), "plan_id",
                                    other.planId()));
                }
            }
        }
        if (candidate.valueModel() != null) {
            others.stream().filter(o -> o.valueModel() != null).findFirst().ifPresent(o -> {
                throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "VALUE_MODEL_CONFLICT",
                        "active plan '" + o.planId() + "' already carries the value model; at most one active plan may",
                        Map.of("plan_id", o.planId()));
            });
        }
    }

    /** The scores of the version in force that the candidate no longer defines, by name. */
    public static Set<String> dropped(Plan inForce, Plan candidate) {
        Set<String> dropped = new TreeSet<>();
        inForce.scores().forEach(s -> dropped.add(s.name()));
        candidate.scores().forEach(s -> dropped.remove(s.name()));
        return dropped;
    }

    /** A description of each churn weight of the other plans that reads a dropped score. */
    public static List<String> churnReaders(Set<String> dropped, List<Plan> others) {
        List<String> uses = new ArrayList<>();
        for (Plan other : others) {
            if (other.valueModel() == null) {
                continue;
            }
            for (ValueModel.Weight w : other.valueModel().churnWeights()) {
                String score = w.input().startsWith(ChurnInputs.SCORE_PREFIX)
                        ? w.input().substring(ChurnInputs.SCORE_PREFIX.length()) : "";
                if (dropped.contains(score)) {
                    uses.add("churn weight '" + w.input() + "' of plan '" + other.planId() + "'");
                }
            }
        }
        return uses;
    }

    /** SCORE_IN_USE when anything still reads a score version {@code version} drops. */
    public static void checkInUse(long version, Set<String> dropped, List<String> uses) {
        if (!uses.isEmpty()) {
            throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "SCORE_IN_USE", "version " + version
                    + " drops " + String.join(", ", dropped) + " still read by: " + String.join("; ", uses),
                    Map.of("scores", String.join(",", dropped), "used_by", String.join("; ", uses)));
        }
    }

    /**
     * Why a requested effective_from may not be asked for, or null when it may: it lies in the past
     * beyond the tolerated clock skew, and history is never rescored.
     */
    public static String effectiveFromProblem(Instant from, Instant now, Duration skew) {
        if (from.isBefore(now.minus(skew))) {
            return "lies in the past (" + from + "); history is never rescored, so a version takes effect from now"
                    + " or later";
        }
        return null;
    }
}
