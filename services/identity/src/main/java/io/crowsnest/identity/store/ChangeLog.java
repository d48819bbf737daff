package io.crowsnest.identity.store;

import java.time.Instant;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.identity.config.IdentityConfig;
import io.crowsnest.platform.feed.Feed;

/**
 * The durable feed of identity changes (collection {@code changes}): each entry is the contract's
 * IdentityChange without its offset, which is the entry's position in the feed.
 */
@ApplicationScoped
public class ChangeLog {

    @Inject
    MongoDatabase database;
    @Inject
    IdentityConfig config;

    private Feed feed;

    @PostConstruct
    void init() {
        feed = new Feed(database, "changes", config.changeRetention());
    }

    /** Appends a change (serialised, without its offset) and returns its offset. */
    public long append(Instant at, byte[] change) {
        return feed.append(at, change);
    }

    public Feed feed() {
        return feed;
    }
}
