package io.crowsnest.alertnotification.feed;

import java.time.Instant;

import io.crowsnest.alertnotification.domain.Alert;

/**
 * How feed entries are written: the contract's SubscribeAlerts message without its offset, encoded
 * by the api (the feed keeps the bytes as an opaque payload and never reads them).
 */
public interface FeedEncoding {

    /** The entry announcing a stored alert. */
    byte[] published(Alert alert);

    /** The entry announcing a state change (agent empty and removed true for a removal). */
    byte[] changed(Alert alert, String agentId, boolean removed, Instant at);
}
