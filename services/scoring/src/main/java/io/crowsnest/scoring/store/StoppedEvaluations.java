package io.crowsnest.scoring.store;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.scoring.domain.EvaluationStops;
import redis.clients.jedis.UnifiedJedis;

/**
 * How many evaluations of each segment revision a bound stopped (loop iterations, time budget), in
 * Redis per segment ({@code sc:seg:{segmentId}:stopped}: field {@code r<revision>} counts, field
 * {@code last} holds "revision|epoch millis|reason" of the last stop), shared by every replica.
 * The reason is the bound's own words, never a person's data. Deleted with the segment.
 */
@ApplicationScoped
public class StoppedEvaluations {

    private static final String LAST = "last";

    @Inject
    UnifiedJedis jedis;

    /** Counts one stopped evaluation of the segment's revision. */
    public void record(String segmentId, long revision, Instant at, String reason) {
        String key = key(segmentId);
        jedis.hincrBy(key, "r" + revision, 1);
        jedis.hset(key, LAST, revision + "|" + at.toEpochMilli() + "|" + (reason == null ? "" : reason));
    }

    /** The stops of the segment's revision. */
    public EvaluationStops of(String segmentId, long revision) {
        Map<String, String> stored = jedis.hgetAll(key(segmentId));
        String count = stored.get("r" + revision);
        if (count == null) {
            return EvaluationStops.NONE;
        }
        String[] last = stored.getOrDefault(LAST, "").split("\\|", 3);
        boolean lastOfThis = last.length == 3 && last[0].equals(Long.toString(revision));
        return new EvaluationStops(Long.parseLong(count), lastOfThis ? Instant.ofEpochMilli(Long.parseLong(last[1])) : null,
                lastOfThis ? last[2] : "");
    }

    /** Forgets the segment's stops (it was deleted). */
    public void delete(String segmentId) {
        jedis.del(key(segmentId));
    }

    private static String key(String segmentId) {
        return "sc:seg:{" + segmentId + "}:stopped";
    }
}
