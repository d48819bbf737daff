package io.crowsnest.scoring.domain;

import java.time.Instant;

/** A score's half-life in seconds (0 = no decay) from an instant until the next piece. */
public record HalfLife(Instant from, long seconds) {
}
