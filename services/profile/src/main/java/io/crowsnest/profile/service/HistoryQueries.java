package io.crowsnest.profile.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.profile.domain.PersonRef;
import io.crowsnest.profile.store.HistoryStore;

/** GetAttributeHistory: every change of a person's attributes, products and relationships, newest first. */
@ApplicationScoped
public class HistoryQueries {

    @Inject
    Persons persons;
    @Inject
    HistoryStore history;

    /** One page of changes and the root they are shown under; {@code more} when a next page exists. */
    public record Page(String root, List<HistoryStore.Entry> changes, HistoryStore.Entry last, boolean more) {
    }

    /** Up to {@code size} changes under the paths (all when empty), recorded in [from, to), after the cursor. */
    public Page list(PersonRef person, String field, List<String> paths, Instant from, Instant to,
            HistoryStore.Cursor after, int size) {
        Persons.Who who = persons.resolve(person, field);
        List<HistoryStore.Entry> page = history.page(who.members(), paths, from, to, after, size + 1);
        List<HistoryStore.Entry> shown = page.stream().limit(size).toList();
        return new Page(who.root(), shown,
                shown.isEmpty() ? null : shown.get(shown.size() - 1), page.size() > size);
    }

}
