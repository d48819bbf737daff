package io.crowsnest.alertnotification.feed;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.crowsnest.alertnotification.config.AlertsConfig;
import io.crowsnest.alertnotification.domain.Alert;
import io.crowsnest.alertnotification.store.AlertStore;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Announces alerts and their state changes on the feed. A publication whose append fails (Redis
 * down) stays marked in the store and is appended by {@link FeedRepair} once Redis is back; a state
 * change that cannot be appended is logged and left to the next ListInbox (the store is the truth).
 */
@ApplicationScoped
public class FeedPublisher {

    private static final Logger LOG = Logger.getLogger(FeedPublisher.class);

    @Inject
    AlertFeed feed;
    @Inject
    AlertStore alerts;
    @Inject
    FeedEncoding encoding;
    @Inject
    Clock clock;

    /** Appends a stored alert's publication and returns it with its offset (0 when Redis is down). */
    public Alert published(Alert alert) {
        try {
            long offset = feed.append(alert.inbox().key(), encoding.published(alert), clock.instant());
            alerts.appended(alert.id(), offset);
            return alert.withOffset(offset);
        } catch (JedisException e) {
            LOG.warnf("alert %s stored, not yet on the live feed (Redis: %s); appended once Redis is back",
                    alert.id(), e.toString());
            alerts.appendFailed(alert.id());
            return alert;
        }
    }

    /**
     * Deletes an alert's publication from the feed (its erasure: the entry holds the person id and the
     * alert's content); its state changes, which hold only the alert id, stay. Fails when Redis does.
     */
    public void erased(Alert alert) {
        if (alert.offset() > 0) {
            feed.delete(alert.inbox().key(), alert.offset());
        }
    }

    /** Appends a state change (agent empty and removed true for a removal). */
    public void changed(Alert alert, String agentId, boolean removed) {
        try {
            Instant at = clock.instant();
            feed.append(alert.inbox().key(), encoding.changed(alert, agentId, removed, at), at);
        } catch (JedisException e) {
            LOG.warnf("state change of alert %s not on the live feed (Redis: %s)", alert.id(), e.toString());
        }
    }

    /** The feed over the service's Redis. */
    @Singleton
    static class Beans {
        @Produces
        @Singleton
        AlertFeed feed(UnifiedJedis redis, AlertsConfig config) {
            return new AlertFeed(redis, config.feed().retention(), config.feed().globalLength());
        }
    }
}
