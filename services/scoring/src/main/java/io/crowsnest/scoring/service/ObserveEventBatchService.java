package io.crowsnest.scoring.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.ItemError;
import io.crowsnest.platform.grpc.ContentHash;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.store.ClaimsAhead;
import io.crowsnest.scoring.store.EventIds;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventResult;
import io.grpc.Status;

/**
 * ObserveEvents: each event of the batch goes through ObserveEvent's own path, one after the other
 * in request order (so a person's events apply in the order given), and its answer or error becomes
 * its result. Batching saves the calls and the event id claims' round trips (taken ahead for the
 * whole batch), not the other store round trips each event needs. Two failures
 * end more than their own item: after an event of a person could not be observed for now
 * (UNAVAILABLE), that person's later events in the batch are held back, so a retry applies them in
 * order; after a store turned out to be unreachable, the rest of the batch is answered UNAVAILABLE
 * at once instead of each event waiting out its own timeout.
 */
@ApplicationScoped
public class ObserveEventBatchService {

    public static final int MAX_EVENTS = 500;
    private static final Set<String> STORE_OUTAGES = Set.of("REDIS_UNAVAILABLE", "MONGODB_UNAVAILABLE");

    @Inject
    ObserveEventService observer;
    @Inject
    EventIds eventIds;
    @Inject
    ScoringConfig config;

    /**
     * The result of each event, in order.
     *
     * @param refused the adapter's check failure of each event, by position (null for an event that passed)
     * @param errors  how a failure is answered (as the single call would answer it)
     */
    public List<ObserveEventResult> observe(List<ObserveEventRequest> events, List<RuntimeException> refused,
            Function<RuntimeException, ItemError> errors) {
        ClaimsAhead.Wanted[] wanted = wanted(events, refused);
        ClaimsAhead claims = eventIds.ahead(Arrays.stream(wanted).filter(Objects::nonNull).toList(),
                config.eventIdRetention());
        List<ObserveEventResult> out = new ArrayList<>(events.size());
        Set<String> heldBack = new HashSet<>();
        ItemError outage = null;
        for (int i = 0; i < events.size(); i++) {
            ObserveEventRequest event = events.get(i);
            ObserveEventResult result;
            if (outage != null) {
                result = ObserveEventResult.newBuilder().setError(outage).build();
            } else if (heldBack.contains(event.getPersonId())) {
                result = ObserveEventResult.newBuilder().setError(ItemError.newBuilder()
                        .setCode(Status.Code.UNAVAILABLE.value()).setReason("EARLIER_EVENT_NOT_OBSERVED")
                        .setMessage("an earlier event of person '" + event.getPersonId() + "' in this batch could "
                                + "not be observed; retry it first, then this one")).build();
            } else if (refused.get(i) != null) {
                result = ObserveEventResult.newBuilder().setError(errors.apply(refused.get(i))).build();
            } else {
                result = result(event, wanted[i], claims, errors);
            }
            if (result.hasError() && result.getError().getCode() == Status.Code.UNAVAILABLE.value()) {
                heldBack.add(event.getPersonId());
                if (STORE_OUTAGES.contains(result.getError().getReason())) {
                    outage = result.getError();
                }
            }
            out.add(result);
        }
        if (outage == null || !outage.getReason().equals("REDIS_UNAVAILABLE")) {
            // with Redis unreachable, giving claims back would wait out one more timeout; they stay
            // behind as those of events that claimed and then failed do
            claims.releaseUnused();
        }
        return out;
    }

    /** The ids to claim ahead, by position in the batch: those of the events that passed the checks. */
    private static ClaimsAhead.Wanted[] wanted(List<ObserveEventRequest> events, List<RuntimeException> refused) {
        ClaimsAhead.Wanted[] wanted = new ClaimsAhead.Wanted[events.size()];
        for (int i = 0; i < wanted.length; i++) {
            if (refused.get(i) == null) {
                wanted[i] = new ClaimsAhead.Wanted(events.get(i).getEventId(), ContentHash.of(events.get(i)));
            }
        }
        return wanted;
    }

    private ObserveEventResult result(ObserveEventRequest event, ClaimsAhead.Wanted wanted, ClaimsAhead claims,
            Function<RuntimeException, ItemError> errors) {
        try {
            return ObserveEventResult.newBuilder().setObserved(observer.observe(event, wanted.contentHash(), claims))
                    .build();
        } catch (RuntimeException e) {
            // as the single call would answer it: an unreachable store is UNAVAILABLE, not INTERNAL
            return ObserveEventResult.newBuilder().setError(errors.apply(e)).build();
        }
    }
}
