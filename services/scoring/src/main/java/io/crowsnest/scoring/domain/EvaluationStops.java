package io.crowsnest.scoring.domain;

import java.time.Instant;

/**
 * The evaluations of one segment revision that a bound on user-written expressions stopped (loop
 * iterations, time budget; each counted as not matched): how many, and when and why the last one.
 *
 * @param count      stopped evaluations of the revision
 * @param lastAt     when the last one was stopped; null when none was
 * @param lastReason the bound's words for the last one, e.g. "the evaluation took longer than its
 *                   budget of 1000 ms and was stopped"; "" when none was
 */
public record EvaluationStops(long count, Instant lastAt, String lastReason) {

    public static final EvaluationStops NONE = new EvaluationStops(0, null, "");
}
