package io.crowsnest.scoring.domain;

/** A rule of a plan version that matched an event. */
public record RuleMatch(Plan plan, Rule rule) {
}
