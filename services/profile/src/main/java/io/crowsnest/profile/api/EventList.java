package io.crowsnest.profile.api;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.store.EventStore;
import io.crowsnest.profile.store.StoredEvent;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.ListEventsResponse;

/** ListEvents: a person's retained events and those of persons merged into it, newest first, paged. */
@ApplicationScoped
public class EventList {

    @Inject
    Persons persons;
    @Inject
    EventStore events;

    public ListEventsResponse list(ListEventsRequest r) {
        Checks checks = new Checks();
        checks.person(r.getPerson(), "person");
        Instant[] range = checks.range(r.hasOccurred(), r.getOccurred(), "occurred");
        for (int i = 0; i < r.getTypesCount(); i++) {
            if (r.getTypes(i) == EventType.EVENT_TYPE_UNSPECIFIED || r.getTypes(i) == EventType.UNRECOGNIZED) {
                checks.add("types[" + i + "]", "must be a known event type");
            }
        }
        for (int i = 0; i < r.getChannelsCount(); i++) {
            if (r.getChannels(i) == Channel.CHANNEL_UNSPECIFIED || r.getChannels(i) == Channel.UNRECOGNIZED) {
                checks.add("channels[" + i + "]", "must be a known channel");
            }
        }
        if (r.getCustomTypesCount() > 0 && r.getTypesCount() > 0
                && !r.getTypesList().contains(EventType.EVENT_TYPE_CUSTOM)) {
            checks.add("custom_types", "filters custom events, but types leaves EVENT_TYPE_CUSTOM out");
        }
        int size = PageTokens.size(r.getPage().getPageSize(), "page.page_size", checks);
        ListEventsRequest filter = r.toBuilder().clearPage().build();
        PageTokens.Position after = PageTokens.read(r.getPage().getPageToken(), filter, "page.page_token", checks);
        checks.throwIfAny();

        Persons.Who who = persons.resolve(r.getPerson(), "person");
        List<StoredEvent> page = events.page(new EventStore.Query(who.members(), range[0], range[1],
                r.getTypesList().stream().map(Enum::name).toList(), r.getChannelsList().stream().map(Enum::name).toList(),
                r.getCustomTypesList()), after == null ? null : new EventStore.Cursor(after.at(), after.id()), size + 1);
        ListEventsResponse.Builder response = ListEventsResponse.newBuilder().setPersonId(who.root());
        page.stream().limit(size).forEach(e -> response.addEvents(Mapping.event(e, who.root())));
        if (page.size() > size) {
            StoredEvent last = page.get(size - 1);
            response.getPageBuilder().setNextPageToken(PageTokens.next(filter,
                    Timestamps.instant(last.event().getOccurredAt()), last.eventId()));
        }
        return response.build();
    }
}
