package io.crowsnest.profile.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.profile.domain.EventFacts;
import io.crowsnest.profile.domain.ProfileErrors.EventIdReused;
import io.crowsnest.profile.domain.ProfileErrors.EventInFlight;
import io.crowsnest.profile.domain.ProfileErrors.PersonForgotten;
import io.crowsnest.profile.domain.ProfileErrors.StoreSlow;
import io.crowsnest.profile.forwarding.ScoringForwarder;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.store.EventStore;
import io.crowsnest.profile.store.OutboxStore;
import io.crowsnest.profile.store.PersonStore;
import io.crowsnest.profile.store.StoredEvent;

/**
 * Writes an accepted event in an order that survives a crash at any point, without transactions:
 * <ol>
 * <li>the outbox entry, holding the whole event: the commit point, once it exists the event is
 * accepted and will reach the event store, the profile and scoring;</li>
 * <li>the event in the event store (an insert by event id, harmless when repeated);</li>
 * <li>the event counted in its person's activity (first/last seen, channels, lifetime value), which
 * also remembers the event id among the person's last applied ones;</li>
 * <li>the outbox entry marked applied, which makes it deliverable to scoring: by this replica at
 * once (handed to its forwarder), by any replica once a lease has passed.</li>
 * </ol>
 * A writer that dies after 1 leaves an unapplied entry; the recovery sweep completes it once it is
 * older than recover-after, checking the remembered ids so that nothing counts twice. A live writer
 * gives up instead of counting when it is past half that time, so the two never both count.
 */
@ApplicationScoped
public class EventRecorder {

    @Inject
    ProfileConfig config;
    @Inject
    OutboxStore outbox;
    @Inject
    EventStore events;
    @Inject
    PersonStore persons;
    @Inject
    ScoringForwarder forwarder;
    @Inject
    Clock clock;

    /** An event as recorded: the root its person belongs to now, whether it was there already, when it arrived. */
    public record Recorded(String root, boolean duplicate, Instant receivedAt) {
    }

    /**
     * The outcome for an event id recorded before: a duplicate when the content is the same,
     * EVENT_ID_REUSED when it differs; empty when the id is new.
     */
    public Optional<Recorded> known(String eventId, String hash) {
        Optional<StoredEvent> stored = events.find(eventId);
        if (stored.isPresent()) {
            return Optional.of(duplicateOf(eventId, hash, stored.get().hash(), stored.get().origin(),
                    stored.get().receivedAt()));
        }
        return outbox.find(eventId).map(e -> duplicateOf(eventId, hash, e.hash(), e.origin(), e.createdAt()));
    }

    /** Records a new event for its person (the origin) and returns where it landed. */
    public Recorded record(StoredEvent event, byte[] observe, Instant now) {
        if (!outbox.insertNew(event, observe, now, now.plus(config.outbox().recoverAfter()))) {
            return known(event.eventId(), event.hash()).orElseThrow(() -> new EventInFlight(event.eventId()));
        }
        boolean handOff = forwarder.reserve(1);
        String root = apply(event, now.plus(config.outbox().recoverAfter().dividedBy(2)),
                handOff ? now.plus(config.outbox().lease()) : now);
        if (handOff) {
            forwarder.handOff(event.eventId(), observe);
        }
        return new Recorded(root, false, now);
    }

    /** An event's outcome in a batch: where it was recorded, or why not. */
    public record Outcome(Recorded recorded, RuntimeException refused) {

        static Outcome of(Supplier<Recorded> step) {
            try {
                return new Outcome(step.get(), null);
            } catch (RuntimeException e) {
                return new Outcome(null, e);
            }
        }
    }

    /**
     * {@link #known} for many event ids (id to content hash) in at most three round trips: the
     * outcome of each id recorded before; ids not in the map are new.
     */
    public Map<String, Outcome> knownAll(Map<String, String> hashes) {
        Map<String, StoredEvent> stored = events.findAll(hashes.keySet());
        Map<String, OutboxStore.Entry> pending = stored.size() == hashes.size() ? Map.of()
                : outbox.findAll(hashes.keySet().stream().filter(id -> !stored.containsKey(id)).toList());
        List<String> origins = new ArrayList<>();
        stored.values().forEach(e -> origins.add(e.origin()));
        pending.values().forEach(e -> origins.add(e.origin()));
        Map<String, String> roots = new HashMap<>();
        if (!origins.isEmpty()) {
            persons.findAll(origins.stream().distinct().toList())
                    .forEach(p -> roots.put(p.id(), p.root() == null ? p.id() : p.root()));
        }
        Map<String, Outcome> known = new HashMap<>();
        stored.forEach((id, e) -> known.put(id, Outcome.of(() -> duplicate(id, hashes.get(id), e.hash(),
                roots.getOrDefault(e.origin(), e.origin()), e.receivedAt()))));
        pending.forEach((id, e) -> known.put(id, Outcome.of(() -> duplicate(id, hashes.get(id), e.hash(),
                roots.getOrDefault(e.origin(), e.origin()), e.createdAt()))));
        return known;
    }

    /**
     * {@link #record} for many new events, each step for all of them in one round trip (the outbox
     * entries, the events, the activities, the applied marks), in the same crash-safe order. An event
     * whose outbox entry exists already (recorded concurrently) is answered as {@link #known} does.
     * Returns one outcome per event, in order.
     */
    public List<Outcome> recordAll(List<OutboxStore.NewEntry> entries, Instant now) {
        Outcome[] out = new Outcome[entries.size()];
        boolean[] inserted = outbox.insertAllNew(entries, now, now.plus(config.outbox().recoverAfter()));
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            StoredEvent event = entries.get(i).event();
            if (inserted[i]) {
                fresh.add(i);
            } else {
                out[i] = Outcome.of(() -> known(event.eventId(), event.hash()).orElseThrow(() -> new EventInFlight(event.eventId())));
            }
        }
        if (fresh.isEmpty()) {
            return List.of(out);
        }
        events.insertAllNew(fresh.stream().map(i -> entries.get(i).event()).toList());
        if (clock.instant().isAfter(now.plus(config.outbox().recoverAfter().dividedBy(2)))) {
            fresh.forEach(i -> out[i] = new Outcome(null, new StoreSlow(entries.get(i).event().eventId())));
            return List.of(out);
        }
        Instant appliedAt = clock.instant();
        List<PersonStore.Applied> applied = persons.applyEvents(fresh.stream().map(i -> entries.get(i).event())
                .map(e -> new PersonStore.Activity(e.origin(), activity(e.facts()))).toList(), appliedAt);
        List<String> erased = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (int k = 0; k < fresh.size(); k++) {
            String eventId = entries.get(fresh.get(k)).event().eventId();
            if (applied.get(k).forgotten()) {
                erased.add(eventId);
                out[fresh.get(k)] = new Outcome(null, new PersonForgotten());
            } else {
                kept.add(eventId);
                out[fresh.get(k)] = new Outcome(new Recorded(applied.get(k).root(), false, now), null);
            }
        }
        if (!erased.isEmpty()) {
            events.deleteAll(erased);
            outbox.deleteAll(erased);
        }
        if (!kept.isEmpty()) {
            boolean handOff = forwarder.reserve(kept.size());
            outbox.markAllApplied(kept, handOff ? appliedAt.plus(config.outbox().lease()) : appliedAt);
            if (handOff) {
                fresh.stream().filter(i -> out[i].recorded() != null)
                        .forEach(i -> forwarder.handOff(entries.get(i).event().eventId(), entries.get(i).observe()));
            }
        }
        return List.of(out);
    }

    /** Completes an event whose writer died before applying it (the caller holds its outbox lease). */
    public void recover(OutboxStore.Entry entry) {
        if (entry.event() == null) {
            outbox.markApplied(entry.eventId(), clock.instant());
            return;
        }
        if (persons.hasApplied(entry.origin(), entry.eventId())) {
            events.insertNew(entry.event());
            outbox.markApplied(entry.eventId(), clock.instant());
        } else {
            apply(entry.event(), Instant.MAX, clock.instant());
        }
    }

    /** Steps 2 to 4; the entry becomes deliverable by any replica at {@code due}. */
    private String apply(StoredEvent event, Instant giveUpAfter, Instant due) {
        events.insertNew(event);
        if (clock.instant().isAfter(giveUpAfter)) {
            throw new StoreSlow(event.eventId());
        }
        Instant now = clock.instant();
        PersonStore.Applied applied = persons.applyEvent(event.origin(), activity(event.facts()), now);
        if (applied.forgotten()) {
            events.delete(event.eventId());
            outbox.delete(event.eventId());
            throw new PersonForgotten();
        }
        outbox.markApplied(event.eventId(), due);
        return applied.root();
    }

    /** What an event adds to its person's activity. */
    static PersonStore.EventActivity activity(EventFacts f) {
        return new PersonStore.EventActivity(f.eventId(), f.occurredAt(), f.channel(), f.type(),
                f.paid() ? f.currencyCode() : null, f.paid() ? f.amountMinor() : 0);
    }

    private Recorded duplicateOf(String eventId, String hash, String storedHash, String origin, Instant receivedAt) {
        if (!hash.equals(storedHash)) {
            throw reused(eventId);
        }
        String root = persons.find(origin).map(p -> p.root() == null ? origin : p.root()).orElse(origin);
        return new Recorded(root, true, receivedAt);
    }

    private static Recorded duplicate(String eventId, String hash, String storedHash, String root, Instant receivedAt) {
        if (!hash.equals(storedHash)) {
            throw reused(eventId);
        }
        return new Recorded(root, true, receivedAt);
    }

    private static RuntimeException reused(String eventId) {
        return EventIdReused.otherContent(eventId);
    }
}
