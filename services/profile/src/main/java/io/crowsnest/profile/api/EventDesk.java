package io.crowsnest.profile.api;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.v1.LinkEvidence;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.client.IdentityClient;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.EventTime;
import io.crowsnest.profile.store.StoredEvent;
import io.crowsnest.profile.v1.Event;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.RecordEventResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** RecordEvent: checks the event, resolves its identifiers through identity, records it once. */
@ApplicationScoped
public class EventDesk {

    @Inject
    ProfileConfig config;
    @Inject
    IdentityClient identity;
    @Inject
    EventRecorder recorder;

    public RecordEventResponse record(RecordEventRequest request) {
        Instant now = Instant.now();
        EventChecks.check(request, now, config);
        String hash = Fingerprint.of(request);
        Optional<EventRecorder.Recorded> known = recorder.known(request.getEventId(), hash);
        if (known.isPresent()) {
            return response(known.get(), false, false);
        }
        ResolvePersonResponse person = resolve(request);
        Event event = EventMapping.stored(request, person, now);
        StoredEvent stored = new StoredEvent(event, person.getPersonId(), hash,
                EventTime.expiry(Timestamps.instant(request.getOccurredAt()), config.retention()));
        EventRecorder.Recorded recorded = recorder.record(stored,
                EventMapping.observe(event, person.getPersonId()).toByteArray(), now);
        return response(recorded, person.getCreated() && !recorded.duplicate(),
                person.getMerged() && !recorded.duplicate());
    }

    /** Identity's ResolvePerson under the event id: a retried event resolves to what it resolved to first. */
    private ResolvePersonResponse resolve(RecordEventRequest request) {
        ResolvePersonRequest resolve = ResolvePersonRequest.newBuilder().addAllIdentifiers(request.getIdentifiersList())
                .setEvidence(request.getIdentifiersVerified() ? LinkEvidence.LINK_EVIDENCE_AUTHENTICATED
                        : LinkEvidence.LINK_EVIDENCE_OBSERVED)
                .setObservedAt(request.getOccurredAt()).setRequestingSystem("profile")
                .setRequestId(request.getEventId()).setIdempotencyKey(request.getEventId()).build();
        try {
            return identity.resolve(resolve, EventDesk::requestPath);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                throw GrpcErrors.error(Status.Code.ALREADY_EXISTS, "EVENT_ID_REUSED", "event_id '"
                        + request.getEventId() + "' was already used with other identifiers");
            }
            throw e;
        }
    }

    /** A field of identity's ResolvePersonRequest as the field of RecordEventRequest it came from. */
    private static String requestPath(String field) {
        if (field.startsWith("identifiers")) {
            return field;
        }
        return switch (field) {
            case "observed_at" -> "occurred_at";
            case "evidence" -> "identifiers_verified";
            default -> "event_id";
        };
    }

    private static RecordEventResponse response(EventRecorder.Recorded recorded, boolean created, boolean merged) {
        return RecordEventResponse.newBuilder().setPersonId(recorded.root()).setDuplicate(recorded.duplicate())
                .setPersonCreated(created).setPersonMerged(merged)
                .setReceivedAt(Timestamps.of(recorded.receivedAt())).build();
    }
}
