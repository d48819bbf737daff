package io.crowsnest.gateway.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per client as token buckets: each client may send {@code burst} requests at once and
 * {@code perSecond} more every second after that. A refused request learns how long to wait.
 * Buckets of clients idle for a minute are dropped, so the map stays the size of the active clients.
 */
public final class RateLimits {

    /** The verdict on one request. */
    public record Verdict(boolean allowed, Duration retryAfter) {
    }

    private record Bucket(double tokens, Instant at) {
    }

    private final double perSecond;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimits(double perSecond, int burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one request of {@code client} at {@code now}. */
    public Verdict take(String client, Instant now) {
        Verdict[] verdict = new Verdict[1];
        buckets.compute(client, (key, bucket) -> {
            double tokens = bucket == null ? burst
                    : Math.min(burst, bucket.tokens() + secondsBetween(bucket.at(), now) * perSecond);
            if (tokens >= 1) {
                verdict[0] = new Verdict(true, Duration.ZERO);
                return new Bucket(tokens - 1, now);
            }
            long waitMillis = (long) Math.ceil((1 - tokens) / perSecond * 1000);
            verdict[0] = new Verdict(false, Duration.ofMillis(waitMillis));
            return new Bucket(tokens, now);
        });
        if (buckets.size() > 10_000) {
            buckets.entrySet().removeIf(e -> secondsBetween(e.getValue().at(), now) > 60);
        }
        return verdict[0];
    }

    private static double secondsBetween(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos() / 1e9);
    }
}
