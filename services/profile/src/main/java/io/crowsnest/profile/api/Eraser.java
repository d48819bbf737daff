package io.crowsnest.profile.api;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.profile.store.EventStore;
import io.crowsnest.profile.store.HistoryStore;
import io.crowsnest.profile.store.OutboxStore;
import io.crowsnest.profile.store.Person;
import io.crowsnest.profile.store.PersonStore;

/**
 * Erases everything profile holds about some person ids, for ForgetPerson and for FORGOTTEN on
 * identity's change stream. The persons become tombstones first, so that a request still writing
 * for them finds the tombstone and takes its write back (see PersonStore); then their events,
 * outbox entries and history go. Running it again finishes an erasure interrupted half-way.
 */
@ApplicationScoped
public class Eraser {

    @Inject
    PersonStore persons;
    @Inject
    EventStore events;
    @Inject
    OutboxStore outbox;
    @Inject
    HistoryStore history;

    /** What an erasure removed; already is true when every id was a tombstone and nothing was left. */
    public record Erased(Set<String> ids, long events, long answers, long changes, Instant at, boolean already) {
    }

    public Erased erase(Collection<String> personIds, Instant now) {
        Set<String> ids = new TreeSet<>(personIds);
        List<Person> found = persons.findAll(ids);
        boolean wereTombstones = found.size() == ids.size() && found.stream().allMatch(Person::forgotten);
        Instant at = wereTombstones ? found.stream().map(Person::forgottenAt).min(Instant::compareTo).orElse(now) : now;
        long answers = found.stream().mapToLong(p -> p.answers().size()).sum();
        persons.tombstone(ids.stream().filter(id -> found.stream().noneMatch(p -> p.id().equals(id) && p.forgotten()))
                .toList(), now);
        long erasedEvents = events.deleteByOrigins(ids);
        outbox.deleteByOrigins(ids);
        long changes = history.deleteByPersons(ids);
        boolean nothingLeft = erasedEvents == 0 && changes == 0 && answers == 0;
        return new Erased(ids, erasedEvents, answers, changes, at, wereTombstones && nothingLeft);
    }
}
