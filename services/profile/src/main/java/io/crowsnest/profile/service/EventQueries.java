package io.crowsnest.profile.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.profile.domain.PersonRef;
import io.crowsnest.profile.store.EventStore;
import io.crowsnest.profile.store.StoredEvent;

/** ListEvents: a person's retained events and those of persons merged into it, newest first, paged. */
@ApplicationScoped
public class EventQueries {

    @Inject
    Persons persons;
    @Inject
    EventStore events;

    /** One page of events (shown under the root) and the root; {@code more} when a next page exists. */
    public record Page(String root, List<StoredEvent> events, StoredEvent last, boolean more) {
    }

    /** Which events: occurred in [from, to) (null where open), of these types, channels and custom types (all when empty). */
    public record Filter(Instant from, Instant to, List<String> types, List<String> channels,
            List<String> customTypes) {
    }

    /** Up to {@code size} events of the person matching the filter, after the cursor (null from the newest). */
    public Page list(PersonRef person, String field, Filter filter, EventStore.Cursor after, int size) {
        Persons.Who who = persons.resolve(person, field);
        List<StoredEvent> page = events.page(new EventStore.Query(who.members(), filter.from(), filter.to(),
                filter.types(), filter.channels(), filter.customTypes()), after, size + 1);
        List<StoredEvent> shown = page.stream().limit(size).toList();
        return new Page(who.root(), shown,
                shown.isEmpty() ? null : shown.get(shown.size() - 1), page.size() > size);
    }
}
