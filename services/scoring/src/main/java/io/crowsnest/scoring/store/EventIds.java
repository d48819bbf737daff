package io.crowsnest.scoring.store;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Event ids across persons: the first observation of an id records a hash of its content, so that
 * the same id with other content (another person, another type...) is refused. Whether the event
 * was applied is decided per person by the observe script, atomically.
 */
@ApplicationScoped
public class EventIds {

    @Inject
    UnifiedJedis jedis;

    /** True when the id is new or was first seen with the same content. */
    public boolean claim(String eventId, String contentHash, Duration retention) {
        String key = "sc:eid:{" + eventId + "}";
        String set = jedis.set(key, contentHash, SetParams.setParams().nx().px(retention.toMillis()));
        return "OK".equals(set) || contentHash.equals(jedis.get(key));
    }
}
