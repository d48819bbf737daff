package io.crowsnest.scoring.mapping;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.domain.Money;
import io.crowsnest.scoring.domain.ObservedEvent;
import io.crowsnest.scoring.v1.ObserveEventRequest;

/** Observed events and channels between the contract and the domain. */
public final class EventMapping {

    private EventMapping() {
    }

    public static ObservedEvent event(ObserveEventRequest r) {
        Money purchase = r.hasPurchaseAmount()
                ? new Money(r.getPurchaseAmount().getCurrencyCode(), r.getPurchaseAmount().getAmountMinor())
                : null;
        return new ObservedEvent(r.getEventId(), r.getPersonId(), r.getEventType(), channel(r.getChannel()),
                Timestamps.instant(r.getOccurredAt()), r.getSource(), r.getReferrer(), r.getSessionId(),
                r.getPageDepth(), r.getTimeOnPageSeconds(), DomainJson.VALUES.plain(r.getPropertiesMap()), purchase);
    }

    /** The channel's name without its prefix: CHANNEL_WEB is "WEB". */
    public static String channel(Channel channel) {
        return channel.name().substring("CHANNEL_".length());
    }

    public static Channel channel(String name) {
        return Channel.valueOf("CHANNEL_" + name);
    }
}
