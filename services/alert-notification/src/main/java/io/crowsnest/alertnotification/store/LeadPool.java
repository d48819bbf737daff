package io.crowsnest.alertnotification.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import redis.clients.jedis.UnifiedJedis;

/**
 * The lead throttle in Redis, per team: person cooldowns (until an instant of the service's clock), the pool of candidates ranked by score,
 * and the leads offered in the rolling hour. A digest is one script: it drops candidates older than
 * their hour, then pops the best candidates that fit the hour's budget and records them as offered,
 * atomically, so instances digesting at once never offer a candidate twice or exceed the rate.
 * A team's keys share the hash tag {@code {leads:<team>}}.
 */
@ApplicationScoped
public class LeadPool {

    private static final String DIGEST = """
            local now = tonumber(ARGV[1])
            local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[4]))
            for _, id in ipairs(expired) do
              redis.call('ZREM', KEYS[1], id)
              redis.call('ZREM', KEYS[2], id)
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[2]))
            local budget = tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[3])
            local chosen = {}
            if budget > 0 then
              local popped = redis.call('ZPOPMAX', KEYS[1], budget)
              for i = 1, #popped, 2 do
                chosen[#chosen + 1] = popped[i]
                redis.call('ZREM', KEYS[2], popped[i])
                redis.call('ZADD', KEYS[3], now, popped[i])
              end
            end
            redis.call('PEXPIRE', KEYS[3], ARGV[2])
            return {chosen, expired}
            """;

    private static final String COOLDOWN = """
            local now = tonumber(ARGV[1])
            local untilAt = redis.call('GET', KEYS[1])
            if untilAt and tonumber(untilAt) > now then
              return 0
            end
            redis.call('SET', KEYS[1], now + tonumber(ARGV[2]), 'PX', ARGV[2])
            return 1
            """;

    private static final long HOUR = Duration.ofHours(1).toMillis();

    /** What a digest decided: the leads to offer now, and the candidates that waited out their hour. */
    public record Digest(List<String> offer, List<String> expired) {
    }

    private final UnifiedJedis redis;

    @Inject
    public LeadPool(UnifiedJedis redis) {
        this.redis = redis;
    }

    /** Takes the person's cooldown for the team; false when the person is still in cooldown. */
    public boolean cooldown(String teamId, String personId, Duration cooldown, Instant now) {
        if (cooldown.isZero()) {
            return true;
        }
        Object taken = redis.eval(COOLDOWN, List.of(tag(teamId) + ":cooldown:" + personId),
                List.of(Long.toString(now.toEpochMilli()), Long.toString(cooldown.toMillis())));
        return ((Number) taken).longValue() == 1;
    }

    /** Adds a candidate with its score, at the instant it was considered. */
    public void candidate(String teamId, String leadId, double score, Instant at) {
        redis.zadd(tag(teamId) + ":pool", score, leadId);
        redis.zadd(tag(teamId) + ":pool-at", at.toEpochMilli(), leadId);
    }

    @SuppressWarnings("unchecked")
    public Digest digest(String teamId, int maxPerHour, Instant now) {
        String t = tag(teamId);
        List<Object> out = (List<Object>) redis.eval(DIGEST, List.of(t + ":pool", t + ":pool-at", t + ":offered"),
                List.of(Long.toString(now.toEpochMilli()), Long.toString(HOUR), Integer.toString(maxPerHour),
                        Long.toString(HOUR)));
        return new Digest(strings(out.get(0)), strings(out.get(1)));
    }

    private static List<String> strings(Object list) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) list) {
            out.add(o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : o.toString());
        }
        return out;
    }

    private static String tag(String teamId) {
        return "{leads:" + teamId + "}";
    }
}
