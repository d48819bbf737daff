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

import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.ObservedEvent;
import io.crowsnest.scoring.domain.ScoringException;
import io.crowsnest.scoring.store.ClaimsAhead;
import io.crowsnest.scoring.store.EventIds;

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

    /**
     * One event of the batch: the person its request names and, when it passed the checks, the
     * event, as retained (JSON), and its request's content hash (else null).
     */
    public record Item(String personId, ObservedEvent event, String retained, String contentHash) {
    }

    /** What became of one event: its observation, or the failure answered for it. */
    public record Result(ObserveEventService.Observation observed, RuntimeException error) {
    }

    @Inject
    ObserveEventService observer;
    @Inject
    EventIds eventIds;
    @Inject
    ScoringConfig config;

    /**
     * The result of each event, in order.
     *
     * @param events      the batch's events by position
     * @param refused     the adapter's check failure of each event, by position (null for an event that passed)
     * @param unavailable the reason of a failure answered UNAVAILABLE (as the single call would answer
     *                    it; "" without one), null for a failure answered otherwise
     */
    public List<Result> observe(List<Item> events, List<RuntimeException> refused,
            Function<RuntimeException, String> unavailable) {
        ClaimsAhead.Wanted[] wanted = wanted(events, refused);
        ClaimsAhead claims = eventIds.ahead(Arrays.stream(wanted).filter(Objects::nonNull).toList(),
                config.eventIdRetention());
        List<Result> out = new ArrayList<>(events.size());
        Set<String> heldBack = new HashSet<>();
        RuntimeException outage = null;
        String outageReason = null;
        for (int i = 0; i < events.size(); i++) {
            Item item = events.get(i);
            Result result;
            if (outage != null) {
                result = new Result(null, outage);
            } else if (heldBack.contains(item.personId())) {
                result = new Result(null, new ScoringException(ScoringException.Kind.UNAVAILABLE,
                        "EARLIER_EVENT_NOT_OBSERVED", "an earlier event of person '" + item.personId()
                                + "' in this batch could not be observed; retry it first, then this one"));
            } else if (refused.get(i) != null) {
                result = new Result(null, refused.get(i));
            } else {
                result = result(item, wanted[i], claims);
            }
            String reason = result.error() == null ? null : unavailable.apply(result.error());
            if (reason != null) {
                heldBack.add(item.personId());
            }
            if (reason != null && outage == null && STORE_OUTAGES.contains(reason)) {
                outage = result.error();
                outageReason = reason;
            }
            out.add(result);
        }
        if (outage == null || !outageReason.equals("REDIS_UNAVAILABLE")) {
            // with Redis unreachable, giving claims back would wait out one more timeout; they stay
            // behind as those of events that claimed and then failed do
            claims.releaseUnused();
        }
        return out;
    }

    /** The ids to claim ahead, by position in the batch: those of the events that passed the checks. */
    private static ClaimsAhead.Wanted[] wanted(List<Item> events, List<RuntimeException> refused) {
        ClaimsAhead.Wanted[] wanted = new ClaimsAhead.Wanted[events.size()];
        for (int i = 0; i < wanted.length; i++) {
            if (refused.get(i) == null) {
                wanted[i] = new ClaimsAhead.Wanted(events.get(i).event().eventId(), events.get(i).contentHash());
            }
        }
        return wanted;
    }

    private Result result(Item item, ClaimsAhead.Wanted wanted, ClaimsAhead claims) {
        try {
            return new Result(observer.observe(item.event(), item.retained(), wanted.contentHash(), claims), null);
        } catch (RuntimeException e) {
            // as the single call would answer it: an unreachable store is UNAVAILABLE, not INTERNAL
            return new Result(null, e);
        }
    }
}
