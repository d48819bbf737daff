package io.crowsnest.scoring.domain;

import java.util.List;

/** How points on a score are added: the range of the awarding version and the score's half-lives over time. */
public record ScoreRule(ScoreDefinition definition, List<HalfLife> halfLives) {
}
