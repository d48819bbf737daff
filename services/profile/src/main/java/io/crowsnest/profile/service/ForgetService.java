package io.crowsnest.profile.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.profile.client.IdentityClient;
import io.crowsnest.profile.domain.ProfileErrors.PersonNotFound;
import io.crowsnest.profile.store.AuditStore;
import io.crowsnest.profile.store.EventStore;
import io.crowsnest.profile.store.HistoryStore;
import io.crowsnest.profile.store.OutboxStore;
import io.crowsnest.profile.store.Person;
import io.crowsnest.profile.store.PersonStore;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * The erasure of a person and every person merged into it: for ForgetPerson (the id may be one
 * profile never stored anything about, or a merged-away one: identity then tells the survivor and
 * its merged ids) and for FORGOTTEN on identity's change stream. The persons become tombstones
 * first, so that a request still writing for them finds the tombstone and takes its write back (see
 * PersonStore); then their events, outbox entries and history go, and their access audit records
 * keep that an access happened under a pseudonym ("erased-…", one per erasure), as the gateway's
 * audit does, the erasure's own record too. Running it again finishes an erasure interrupted
 * half-way.
 */
@ApplicationScoped
public class ForgetService {

    @Inject
    Idempotency idempotency;
    @Inject
    PersonStore persons;
    @Inject
    EventStore events;
    @Inject
    OutboxStore outbox;
    @Inject
    HistoryStore history;
    @Inject
    AuditStore audit;
    @Inject
    IdentityClient identity;
    @Inject
    Clock clock;

    /**
     * What an erasure removed: the person ids, events, answers and attribute changes, when; already
     * is true when every id was a tombstone and nothing was left.
     */
    public record Forgotten(Set<String> personIds, long events, long answers, long changes, Instant at,
            boolean already) {
    }

    /** ForgetPerson, audited under the reason code; the adapter owns idempotency. */
    public Forgotten forget(String personId, String reasonCode, String requestingSystem) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<String> ids = idsToErase(personId);
        String pseudonym = AuditStore.pseudonym();
        Forgotten forgotten = erase(ids, now, pseudonym);
        audit.record(pseudonym, "FORGET:" + reasonCode, requestingSystem, now);
        return forgotten;
    }

    /** Erases everything profile holds about the ids. */
    public Forgotten erase(Collection<String> personIds, Instant now) {
        return erase(personIds, now, AuditStore.pseudonym());
    }

    /** Erases everything profile holds about the ids; their access audit records keep the pseudonym. */
    private Forgotten erase(Collection<String> personIds, Instant now, String pseudonym) {
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
        idempotency.forget(ids); // the answers kept for retries that concerned them
        audit.pseudonymise(ids, pseudonym);
        boolean nothingLeft = erasedEvents == 0 && changes == 0 && answers == 0;
        return new Forgotten(ids, erasedEvents, answers, changes, at, wereTombstones && nothingLeft);
    }

    /** The person's root and every id merged into it, root first, as profile's lineage and identity know them. */
    private List<String> idsToErase(String personId) {
        Optional<Person> stored = persons.find(personId);
        if (stored.isPresent() && stored.get().forgotten()) {
            return List.of(personId);
        }
        List<String> ids = new ArrayList<>();
        if (stored.isPresent()) {
            Person root = persons.find(stored.get().root()).orElse(stored.get());
            ids.add(root.id());
            ids.addAll(root.members());
        } else {
            IdentityClient.Known known = identity.identity(personId).orElseThrow(() -> new PersonNotFound(personId));
            ids.add(known.personId());
            ids.addAll(known.mergedPersonIds());
            persons.find(known.personId()).ifPresent(p -> ids.addAll(p.members()));
        }
        return ids.stream().distinct().toList();
    }
}
