package io.crowsnest.scoring.domain;

import java.time.Instant;
import java.util.Map;

/**
 * One event as scoring sees it. Properties hold JSON values as String, Double, Boolean,
 * List, Map or {@link Json#NULL}; channel is the name without prefix ("WEB"); purchase is null
 * unless the event is a purchase with an amount.
 */
public record ObservedEvent(String eventId, String personId, String type, String channel, Instant occurredAt,
        String source, String referrer, String sessionId, int pageDepth, int timeOnPageSeconds,
        Map<String, Object> properties, Money purchase) {

    public static final String PURCHASE = "purchase";
    public static final String PAGE_VIEW = "page_view";

    /** The same event for another person (the survivor of a merge it is followed to). */
    public ObservedEvent of(String person) {
        return new ObservedEvent(eventId, person, type, channel, occurredAt, source, referrer, sessionId, pageDepth,
                timeOnPageSeconds, properties, purchase);
    }
}
