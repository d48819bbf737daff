package io.crowsnest.scoring.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of the plan versions in force at an event's occurred_at that match it, in plan and
 * rule order, with the scores they award points on.
 */
public record Matches(List<RuleMatch> rules, Map<String, ScoreRule> scores) {

    public static Matches of(PlanBook book, ObservedEvent event) {
        List<RuleMatch> rules = new ArrayList<>();
        Map<String, ScoreRule> scores = new LinkedHashMap<>();
        for (Plan plan : book.inForce(event.occurredAt())) {
            for (Rule rule : plan.rules()) {
                if (rule.condition().matches(event)) {
                    rules.add(new RuleMatch(plan, rule));
                    for (String score : rule.points().keySet()) {
                        scores.computeIfAbsent(score, s -> new ScoreRule(plan.score(s).orElseThrow(),
                                book.halfLives(s)));
                    }
                }
            }
        }
        return new Matches(rules, scores);
    }
}
