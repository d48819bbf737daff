package io.crowsnest.alertnotification.service;

import java.util.LinkedHashSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.domain.FeedErrors;
import io.crowsnest.alertnotification.domain.InboxQuery;
import io.crowsnest.alertnotification.feed.AlertFeed;
import io.crowsnest.alertnotification.feed.FeedSink;
import io.crowsnest.alertnotification.feed.LiveFeed;

/**
 * Opens a live subscription to the inboxes of an agent and/or teams on this instance: checks the
 * resume offset against the feed (not ahead of it, not older than what is retained), then replays
 * and goes live.
 */
@ApplicationScoped
public class SubscribeService {

    @Inject
    AlertFeed feed;
    @Inject
    LiveFeed live;

    public void subscribe(String agentId, java.util.List<String> teamIds, long after, FeedSink sink) {
        FeedErrors.requireResumable(after, feed.latest(), feed.floor());
        live.dispatcher().subscribe(new LinkedHashSet<>(InboxQuery.inboxes(agentId, teamIds)), after, sink);
    }
}
