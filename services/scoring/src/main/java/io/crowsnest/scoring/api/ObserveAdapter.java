package io.crowsnest.scoring.api;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.ItemErrors;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.service.ObserveAttributesService;
import io.crowsnest.scoring.service.ObserveEventBatchService;
import io.crowsnest.scoring.service.ObserveEventService;
import io.crowsnest.scoring.v1.ObserveAttributesRequest;
import io.crowsnest.scoring.v1.ObserveAttributesResponse;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventResponse;
import io.crowsnest.scoring.v1.ObserveEventsRequest;
import io.crowsnest.scoring.v1.ObserveEventsResponse;

/** ObserveEvent, ObserveEvents and ObserveAttributes: each event or snapshot checked, then observed. */
@Singleton
class ObserveAdapter {

    @Inject
    ObserveEventService events;
    @Inject
    ObserveEventBatchService batches;
    @Inject
    ObserveAttributesService attributes;
    @Inject
    ScoringConfig config;
    @Inject
    Clock clock;

    ObserveEventResponse observe(ObserveEventRequest request) {
        EventChecks.check(request, now(), config.clockSkew());
        return events.observe(request);
    }

    /** Every event checked first (a refused one never claims its id), then the batch observed in order. */
    ObserveEventsResponse observe(ObserveEventsRequest request) {
        int count = request.getEventsCount();
        if (count < 1 || count > ObserveEventBatchService.MAX_EVENTS) {
            throw GrpcErrors.invalid("events", "must hold 1 to " + ObserveEventBatchService.MAX_EVENTS
                    + " events, got " + count);
        }
        Instant now = now();
        List<RuntimeException> refused = new ArrayList<>(count);
        for (ObserveEventRequest event : request.getEventsList()) {
            RuntimeException refusal = null;
            try {
                EventChecks.check(event, now, config.clockSkew());
            } catch (RuntimeException e) {
                refusal = e;
            }
            refused.add(refusal);
        }
        return ObserveEventsResponse.newBuilder()
                .addAllResults(batches.observe(request.getEventsList(), refused, ItemErrors::of)).build();
    }

    ObserveAttributesResponse observe(ObserveAttributesRequest request) {
        AttributeChecks.check(request);
        return attributes.observe(request);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
