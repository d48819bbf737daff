package io.crowsnest.profile.api;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.profile.client.ScoringForwarder;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.store.EventStore;
import io.crowsnest.profile.store.OutboxStore;
import io.crowsnest.profile.store.PersonStore;
import io.crowsnest.profile.store.StoredEvent;
import io.grpc.Status;

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
            return Optional.of(duplicate(eventId, hash, stored.get().hash(), stored.get().origin(),
                    stored.get().receivedAt()));
        }
        return outbox.find(eventId).map(e -> duplicate(eventId, hash, e.hash(), e.origin(), e.createdAt()));
    }

    /** Records a new event for its person (the origin) and returns where it landed. */
    public Recorded record(StoredEvent event, byte[] observe, Instant now) {
        if (!outbox.insertNew(event, observe, now, now.plus(config.outbox().recoverAfter()))) {
            return known(event.eventId(), event.hash()).orElseThrow(() -> GrpcErrors.error(Status.Code.ABORTED,
                    "EVENT_IN_FLIGHT", "event " + event.eventId() + " is being recorded concurrently; retry"));
        }
        String root = apply(event, now.plus(config.outbox().recoverAfter().dividedBy(2)),
                now.plus(config.outbox().lease()));
        forwarder.handOff(event.eventId(), observe);
        return new Recorded(root, false, now);
    }

    /** Completes an event whose writer died before applying it (the caller holds its outbox lease). */
    public void recover(OutboxStore.Entry entry) {
        if (entry.event() == null) {
            outbox.markApplied(entry.eventId(), Instant.now());
            return;
        }
        if (persons.hasApplied(entry.origin(), entry.eventId())) {
            events.insertNew(entry.event());
            outbox.markApplied(entry.eventId(), Instant.now());
        } else {
            apply(entry.event(), Instant.MAX, Instant.now());
        }
    }

    /** Steps 2 to 4; the entry becomes deliverable by any replica at {@code due}. */
    private String apply(StoredEvent event, Instant giveUpAfter, Instant due) {
        events.insertNew(event);
        if (Instant.now().isAfter(giveUpAfter)) {
            throw GrpcErrors.error(Status.Code.UNAVAILABLE, "STORE_SLOW", "event " + event.eventId()
                    + " is accepted but the store is too slow to finish now; it completes on its own, and a retry"
                    + " with the same event id answers duplicate");
        }
        Instant now = Instant.now();
        PersonStore.Applied applied = persons.applyEvent(event.origin(), EventMapping.activity(event.event()), now);
        if (applied.forgotten()) {
            events.delete(event.eventId());
            outbox.delete(event.eventId());
            throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "PERSON_FORGOTTEN",
                    "the person the identifiers resolved to was erased meanwhile; nothing was kept");
        }
        outbox.markApplied(event.eventId(), due);
        return applied.root();
    }

    private Recorded duplicate(String eventId, String hash, String storedHash, String origin, Instant receivedAt) {
        if (!hash.equals(storedHash)) {
            throw GrpcErrors.error(Status.Code.ALREADY_EXISTS, "EVENT_ID_REUSED", "event_id '" + eventId
                    + "' was already recorded with different content; the stored event is unchanged");
        }
        String root = persons.find(origin).map(p -> p.root() == null ? origin : p.root()).orElse(origin);
        return new Recorded(root, true, receivedAt);
    }
}
