package io.crowsnest.profile.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.profile.client.IdentityClient;
import io.crowsnest.profile.client.ScoringObservations;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.EventTime;
import io.crowsnest.profile.domain.PersonRef;
import io.crowsnest.profile.store.EventFormat;
import io.crowsnest.profile.store.OutboxStore;
import io.crowsnest.profile.store.StoredEvent;

/** RecordEvent: a checked event's identifiers resolved through identity, the event recorded once. */
@ApplicationScoped
public class RecordEventService {

    @Inject
    ProfileConfig config;
    @Inject
    IdentityClient identity;
    @Inject
    EventRecorder recorder;
    @Inject
    EventFormat format;

    /**
     * A checked event: its id, the fingerprint of the request as sent (to tell a retry from a reused
     * id), the identifiers seen on it and whether the caller verified them, when it occurred, and the
     * request itself as an opaque payload, which the kept event is made of.
     */
    public record Submitted(String eventId, String hash, List<PersonRef.Identifier> identifiers,
            boolean identifiersVerified, Instant occurredAt, byte[] request) {
    }

    /** Where an event landed: the root of its person now, whether it was a retry, whether identity created or merged persons, when it arrived. */
    public record Result(String personId, boolean duplicate, boolean personCreated, boolean personMerged,
            Instant receivedAt) {
    }

    /** Records an event the adapter checked at {@code now}. */
    public Result record(Submitted event, Instant now) {
        Optional<EventRecorder.Recorded> known = recorder.known(event.eventId(), event.hash());
        if (known.isPresent()) {
            return result(known.get(), false, false);
        }
        IdentityClient.Resolved person = identity.resolve(ask(event), RecordEventService::requestPath);
        OutboxStore.NewEntry entry = entry(event, person, now);
        EventRecorder.Recorded recorded = recorder.record(entry.event(), entry.observe(), now);
        return result(recorded, person);
    }

    /** Identity's ResolvePerson under the event id: a retried event resolves to what it resolved to first. */
    static IdentityClient.ResolveAsk ask(Submitted event) {
        return new IdentityClient.ResolveAsk(event.eventId(), event.identifiers(), event.identifiersVerified(),
                event.occurredAt());
    }

    /** The outbox entry of a checked event whose identifiers resolved to the person. */
    OutboxStore.NewEntry entry(Submitted submitted, IdentityClient.Resolved person, Instant now) {
        byte[] event = format.event(submitted.request(), person.identifiers(), now);
        StoredEvent stored = new StoredEvent(format.facts(event), event, person.personId(), submitted.hash(),
                EventTime.expiry(submitted.occurredAt(), config.retention()));
        return new OutboxStore.NewEntry(stored, ScoringObservations.observe(event, person.personId()));
    }

    static Result result(EventRecorder.Recorded recorded, IdentityClient.Resolved person) {
        return result(recorded, person.created() && !recorded.duplicate(), person.merged() && !recorded.duplicate());
    }

    /** A field of identity's ResolvePersonRequest as the field of RecordEventRequest it came from. */
    static String requestPath(String field) {
        if (field.startsWith("identifiers")) {
            return field;
        }
        return switch (field) {
            case "observed_at" -> "occurred_at";
            case "evidence" -> "identifiers_verified";
            default -> "event_id";
        };
    }

    static Result result(EventRecorder.Recorded recorded, boolean created, boolean merged) {
        return new Result(recorded.root(), recorded.duplicate(), created, merged, recorded.receivedAt());
    }
}
