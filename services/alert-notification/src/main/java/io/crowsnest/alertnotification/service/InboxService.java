package io.crowsnest.alertnotification.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.domain.Alert;
import io.crowsnest.alertnotification.domain.InboxQuery;
import io.crowsnest.alertnotification.feed.AlertFeed;
import io.crowsnest.alertnotification.store.AlertStore;

/** Lists the inboxes of an agent and/or teams, newest first, with the unread count and the feed offset. */
@ApplicationScoped
public class InboxService {

    /** One page: the alerts, unread count, the feed's offset when read, and where the next page starts. */
    public record Page(List<Alert> alerts, long unread, long latestOffset, InboxQuery.Cursor next) {
    }

    @Inject
    AlertStore alerts;
    @Inject
    AlertFeed feed;
    @Inject
    Clock clock;

    public Page list(InboxQuery query, InboxQuery.Cursor after, int pageSize) {
        long latest = feed.latest();
        Instant now = clock.instant();
        List<Alert> page = alerts.list(query, now, after, pageSize + 1);
        InboxQuery.Cursor next = null;
        if (page.size() > pageSize) {
            page = page.subList(0, pageSize);
            Alert last = page.get(pageSize - 1);
            next = new InboxQuery.Cursor(last.publishedAt(), last.id());
        }
        return new Page(List.copyOf(page), alerts.unread(query.inboxKeys(), now), latest, next);
    }
}
