package io.crowsnest.scoring.domain;

import java.time.Duration;

/** At most maxApplications awards of a rule to one person within a rolling window ending at the event. */
public record RuleCap(int maxApplications, Duration window) {
}
