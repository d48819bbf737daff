package io.crowsnest.profile.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.ItemError;
import io.crowsnest.platform.grpc.ContentHash;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.domain.PersonRef;
import io.crowsnest.profile.service.RecordEventBatchService;
import io.crowsnest.profile.service.RecordEventService;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.RecordEventResponse;
import io.crowsnest.profile.v1.RecordEventResult;
import io.crowsnest.profile.v1.RecordEventsRequest;
import io.crowsnest.profile.v1.RecordEventsResponse;

/** RecordEvent and RecordEvents: each event checked (EventChecks), then recorded once by its event id. */
@ApplicationScoped
class EventAdapter {

    static final int MAX_EVENTS = 500;

    @Inject
    ProfileConfig config;
    @Inject
    Clock clock;
    @Inject
    RecordEventService recordEvent;
    @Inject
    RecordEventBatchService recordBatch;

    RecordEventResponse record(RecordEventRequest request) {
        Instant now = clock.instant();
        EventChecks.check(request, now, config);
        return response(recordEvent.record(submitted(request), now));
    }

    /** A checked event as the use cases take it: the request itself travels on as the kept event's payload. */
    private static RecordEventService.Submitted submitted(RecordEventRequest r) {
        return new RecordEventService.Submitted(r.getEventId(), fingerprint(r),
                r.getIdentifiersList().stream().map(id -> new PersonRef.Identifier(id.getType(), id.getValue(),
                        id.getNamespace())).toList(),
                r.getIdentifiersVerified(), Timestamps.instant(r.getOccurredAt()), r.toByteArray());
    }

    /**
     * The fingerprint of a request as sent, to tell a retry from an event id reused for another
     * event: the SHA-256 of its deterministic bytes (map entries in key order), kept with the event
     * since the first release, so a retry is recognised across upgrades.
     */
    static String fingerprint(RecordEventRequest r) {
        return ContentHash.of(r);
    }

    private static RecordEventResponse response(RecordEventService.Result result) {
        return RecordEventResponse.newBuilder().setPersonId(result.personId()).setDuplicate(result.duplicate())
                .setPersonCreated(result.personCreated()).setPersonMerged(result.personMerged())
                .setReceivedAt(Timestamps.of(result.receivedAt())).build();
    }

    /** Every event checked on its own; one that fails its checks answers them, the others go on. */
    RecordEventsResponse record(RecordEventsRequest request) {
        int count = request.getEventsCount();
        if (count == 0 || count > MAX_EVENTS) {
            throw GrpcErrors.invalid("events", "must hold 1 to " + MAX_EVENTS + " events, not " + count);
        }
        RecordEventResult[] results = new RecordEventResult[count];
        Instant now = clock.instant();
        List<Integer> checked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                EventChecks.check(request.getEvents(i), now, config);
                checked.add(i);
            } catch (RuntimeException e) {
                results[i] = RecordEventResult.newBuilder().setError(ErrorMapper.item(e)).build();
            }
        }
        if (!checked.isEmpty()) {
            // one failure shared by many events (an outage) is mapped, and logged when unexpected, once
            Map<RuntimeException, ItemError> mapped = new IdentityHashMap<>();
            List<RecordEventBatchService.Outcome> outcomes = recordBatch
                    .record(checked.stream().map(i -> submitted(request.getEvents(i))).toList(), now);
            for (int k = 0; k < checked.size(); k++) {
                RecordEventBatchService.Outcome outcome = outcomes.get(k);
                results[checked.get(k)] = outcome.failure() == null
                        ? RecordEventResult.newBuilder().setRecorded(response(outcome.recorded())).build()
                        : RecordEventResult.newBuilder()
                                .setError(mapped.computeIfAbsent(outcome.failure(), ErrorMapper::item)).build();
            }
        }
        return RecordEventsResponse.newBuilder().addAllResults(List.of(results)).build();
    }
}
