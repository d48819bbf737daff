package io.crowsnest.identity.store;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.identity.config.IdentityConfig;
import io.crowsnest.identity.domain.IdentityChange;
import io.crowsnest.platform.feed.Feed;

/**
 * The durable feed of identity changes (collection {@code changes}): each entry is the contract's
 * IdentityChange without its offset (encoded by {@link RecordFormat}), the offset being the
 * entry's position in the feed.
 */
@ApplicationScoped
public class ChangeLog {

    @Inject
    MongoDatabase database;
    @Inject
    IdentityConfig config;
    @Inject
    RecordFormat format;

    private Feed feed;

    @PostConstruct
    void init() {
        feed = new Feed(database, "changes", config.changeRetention());
    }

    /** Appends a change (at the instant it occurred) and returns its offset. */
    public long append(IdentityChange change) {
        return feed.append(change.occurredAt(), format.change(change));
    }

    public Feed feed() {
        return feed;
    }
}
