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
public class EventIds implements EventIdClaimer {

    @Inject
    UnifiedJedis jedis;

    @Override
    public boolean claim(String eventId, String contentHash, Duration retention) {
        String set = jedis.set(key(eventId), contentHash, params(retention));
        return "OK".equals(set) || contentHash.equals(jedis.get(key(eventId)));
    }

    /** Claims the ids of a batch ahead, in two pipelined rounds at most; see {@link ClaimsAhead}. */
    public ClaimsAhead ahead(Iterable<ClaimsAhead.Wanted> wanted, Duration retention) {
        return ClaimsAhead.take(jedis, this, wanted, retention);
    }

    static String key(String eventId) {
        return "sc:eid:{" + eventId + "}";
    }

    static SetParams params(Duration retention) {
        return SetParams.setParams().nx().px(retention.toMillis());
    }
}
