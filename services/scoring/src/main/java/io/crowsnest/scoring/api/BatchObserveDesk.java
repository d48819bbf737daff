package io.crowsnest.scoring.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.ItemErrors;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventResult;
import io.crowsnest.scoring.v1.ObserveEventsRequest;
import io.crowsnest.scoring.v1.ObserveEventsResponse;

/**
 * ObserveEvents: each event of the batch goes through ObserveEvent's own path, one after the other
 * in request order (so a person's events apply in the order given), and its answer or error becomes
 * its result. Batching saves the calls, not the store round trips each event needs.
 */
@ApplicationScoped
public class BatchObserveDesk {

    static final int MAX_EVENTS = 500;

    @Inject
    ObserveDesk observer;

    public ObserveEventsResponse observe(ObserveEventsRequest request) {
        int count = request.getEventsCount();
        if (count < 1 || count > MAX_EVENTS) {
            throw GrpcErrors.invalid("events", "must hold 1 to " + MAX_EVENTS + " events, got " + count);
        }
        ObserveEventsResponse.Builder out = ObserveEventsResponse.newBuilder();
        for (ObserveEventRequest event : request.getEventsList()) {
            out.addResults(result(event));
        }
        return out.build();
    }

    private ObserveEventResult result(ObserveEventRequest event) {
        try {
            return ObserveEventResult.newBuilder().setObserved(observer.observe(event)).build();
        } catch (RuntimeException e) {
            // as the single call would answer it: an unreachable store is UNAVAILABLE, not INTERNAL
            return ObserveEventResult.newBuilder().setError(ItemErrors.of(Calls.status(e))).build();
        }
    }
}
