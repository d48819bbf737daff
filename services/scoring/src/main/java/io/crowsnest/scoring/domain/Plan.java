package io.crowsnest.scoring.domain;

import java.util.List;
import java.util.Optional;

/** One immutable version of a scoring plan: its scores and rules, in plan order, and its value model (or null). */
public record Plan(String planId, long version, List<ScoreDefinition> scores, List<Rule> rules,
        ValueModel valueModel) {

    public Optional<ScoreDefinition> score(String name) {
        return scores.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<Rule> rule(String ruleId) {
        return rules.stream().filter(r -> r.ruleId().equals(ruleId)).findFirst();
    }
}
