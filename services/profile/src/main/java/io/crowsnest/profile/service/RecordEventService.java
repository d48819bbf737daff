package io.crowsnest.profile.service;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.v1.LinkEvidence;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.client.IdentityClient;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.EventTime;
import io.crowsnest.profile.domain.ProfileErrors.EventIdReused;
import io.crowsnest.profile.store.OutboxStore;
import io.crowsnest.profile.store.StoredEvent;
import io.crowsnest.profile.v1.Event;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.RecordEventResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** RecordEvent: a checked event's identifiers resolved through identity, the event recorded once. */
@ApplicationScoped
public class RecordEventService {

    @Inject
    ProfileConfig config;
    @Inject
    IdentityClient identity;
    @Inject
    EventRecorder recorder;

    /** Records an event the adapter checked at {@code now}. */
    public RecordEventResponse record(RecordEventRequest request, Instant now) {
        String hash = Fingerprint.of(request);
        Optional<EventRecorder.Recorded> known = recorder.known(request.getEventId(), hash);
        if (known.isPresent()) {
            return response(known.get(), false, false);
        }
        ResolvePersonResponse person;
        try {
            person = identity.resolve(resolveRequest(request), RecordEventService::requestPath);
        } catch (StatusRuntimeException e) {
            throw refusal(request, e);
        }
        OutboxStore.NewEntry entry = entry(request, person, hash, now);
        EventRecorder.Recorded recorded = recorder.record(entry.event(), entry.observe(), now);
        return response(recorded, person);
    }

    /** Identity's ResolvePerson under the event id: a retried event resolves to what it resolved to first. */
    static ResolvePersonRequest resolveRequest(RecordEventRequest request) {
        return ResolvePersonRequest.newBuilder().addAllIdentifiers(request.getIdentifiersList())
                .setEvidence(request.getIdentifiersVerified() ? LinkEvidence.LINK_EVIDENCE_AUTHENTICATED
                        : LinkEvidence.LINK_EVIDENCE_OBSERVED)
                .setObservedAt(request.getOccurredAt()).setRequestingSystem("profile")
                .setRequestId(request.getEventId()).setIdempotencyKey(request.getEventId()).build();
    }

    /** Identity's refusal of an event's identifiers as RecordEvent answers it. */
    static RuntimeException refusal(RecordEventRequest request, StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
            return EventIdReused.otherIdentifiers(request.getEventId());
        }
        return e;
    }

    /** The outbox entry of a checked event whose identifiers resolved to the person. */
    OutboxStore.NewEntry entry(RecordEventRequest request, ResolvePersonResponse person, String hash, Instant now) {
        Event event = EventMapping.stored(request, person, now);
        StoredEvent stored = new StoredEvent(event, person.getPersonId(), hash,
                EventTime.expiry(Timestamps.instant(request.getOccurredAt()), config.retention()));
        return new OutboxStore.NewEntry(stored, EventMapping.observe(event, person.getPersonId()).toByteArray());
    }

    static RecordEventResponse response(EventRecorder.Recorded recorded, ResolvePersonResponse person) {
        return response(recorded, person.getCreated() && !recorded.duplicate(),
                person.getMerged() && !recorded.duplicate());
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

    static RecordEventResponse response(EventRecorder.Recorded recorded, boolean created, boolean merged) {
        return RecordEventResponse.newBuilder().setPersonId(recorded.root()).setDuplicate(recorded.duplicate())
                .setPersonCreated(created).setPersonMerged(merged)
                .setReceivedAt(Timestamps.of(recorded.receivedAt())).build();
    }
}
