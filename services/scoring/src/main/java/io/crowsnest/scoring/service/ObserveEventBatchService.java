package io.crowsnest.scoring.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
import io.crowsnest.scoring.store.LiveStore;

/**
 * ObserveEvents: each event of the batch is observed as ObserveEvent observes it, and its answer or
 * error becomes its result; a person's events apply in the order given. What batching saves is
 * round trips: the event id claims of the whole batch are taken ahead, and the events go to the
 * observe script in groups, one pipelined round trip per group. A group is a run of the batch's
 * events of distinct persons (a person's next event starts the next group), so no event in it
 * depends on another; each is then finished in turn — its segments evaluated, the memberships of
 * the group's evaluations stored together in one more round trip — or, when the script found the
 * person new, merged away or forgotten, carried on as the single call does. Two failures
 * end more than their own item: after an event of a person could not be observed for now
 * (UNAVAILABLE), that person's later events in the batch are held back, so a retry applies them in
 * order; after a store turned out to be unreachable, the events not yet observed are answered
 * UNAVAILABLE at once instead of each waiting out its own timeout (events of the group whose script
 * had already run keep their own answers).
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
    Segmenter segmenter;
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
        Run run = new Run(events, unavailable);
        int i = 0;
        while (i < events.size()) {
            Item item = events.get(i);
            if (run.outage != null) {
                run.answer(i, new Result(null, run.outage));
                i++;
            } else if (run.heldBack.contains(item.personId())) {
                run.answer(i, new Result(null, new ScoringException(ScoringException.Kind.UNAVAILABLE,
                        "EARLIER_EVENT_NOT_OBSERVED", "an earlier event of person '" + item.personId()
                                + "' in this batch could not be observed; retry it first, then this one")));
                i++;
            } else if (refused.get(i) != null) {
                run.answer(i, new Result(null, refused.get(i)));
                i++;
            } else {
                i = group(run, i, refused, wanted, claims);
            }
        }
        if (run.outage == null || !run.outageReason.equals("REDIS_UNAVAILABLE")) {
            // with Redis unreachable, giving claims back would wait out one more timeout; they stay
            // behind as those of events that claimed and then failed do
            claims.releaseUnused();
        }
        return Arrays.asList(run.results);
    }

    /** The results of a batch as they come, and what they teach about the events after them. */
    private static final class Run {
        final List<Item> events;
        final Function<RuntimeException, String> unavailable;
        final Result[] results;
        final Set<String> heldBack = new HashSet<>();
        RuntimeException outage;
        String outageReason;

        Run(List<Item> events, Function<RuntimeException, String> unavailable) {
            this.events = events;
            this.unavailable = unavailable;
            this.results = new Result[events.size()];
        }

        void answer(int position, Result result) {
            results[position] = result;
            String reason = result.error() == null ? null : unavailable.apply(result.error());
            if (reason != null) {
                heldBack.add(events.get(position).personId());
            }
            if (reason != null && outage == null && STORE_OUTAGES.contains(reason)) {
                outage = result.error();
                outageReason = reason;
            }
        }
    }

    /**
     * Observes the group starting at {@code from}: the events up to the next one refused, held back
     * or of a person already in the group. Claims each id in turn (a claim that fails with a store
     * unreachable ends the group there), runs their first attempts in one round trip, finishes
     * those the script applied or answered as duplicates and whose evaluation needs no lease held
     * elsewhere — their evaluations' memberships stored together in one more round trip, which
     * gives their leases back — and then, holding no lease, the others in order. Returns where the
     * next group starts.
     */
    private int group(Run run, int from, List<RuntimeException> refused, ClaimsAhead.Wanted[] wanted,
            ClaimsAhead claims) {
        List<Integer> positions = new ArrayList<>();
        List<ObserveEventService.Started> started = new ArrayList<>();
        Set<String> persons = new HashSet<>();
        int next = from;
        while (next < run.events.size() && refused.get(next) == null && run.outage == null
                && !run.heldBack.contains(run.events.get(next).personId())
                && persons.add(run.events.get(next).personId())) {
            Item item = run.events.get(next);
            try {
                started.add(observer.start(item.event(), item.retained(), wanted[next].contentHash(), claims));
                positions.add(next);
            } catch (RuntimeException e) {
                run.answer(next, new Result(null, e));
            }
            next++;
        }
        if (started.isEmpty()) {
            return next;
        }
        List<LiveStore.Attempt> attempts = observer.firstAttempts(started);
        List<Integer> carried = new ArrayList<>();
        List<Integer> waiting = new ArrayList<>();
        Result[] finished = new Result[started.size()];
        Segmenter.Queue queue = new Segmenter.Queue();
        List<Integer> queued = new ArrayList<>();
        for (int k = 0; k < started.size(); k++) {
            LiveStore.Attempt attempt = attempts.get(k);
            if (attempt.failure() != null) {
                finished[k] = new Result(null, attempt.failure());
            } else if (attempt.observed().status() != LiveStore.Status.APPLIED
                    && attempt.observed().status() != LiveStore.Status.DUPLICATE) {
                carried.add(k);
            } else if (observer.mayWait(started.get(k), attempt.observed())) {
                waiting.add(k);
            } else {
                int before = queue.size();
                finished[k] = finish(started.get(k), attempt.observed(), queue);
                if (queue.size() > before) {
                    queued.add(k);
                }
            }
        }
        // the evaluations' memberships, stored together; an event whose store failed answers that failure
        List<RuntimeException> stored;
        try {
            stored = segmenter.store(queue);
        } catch (RuntimeException e) {
            stored = Collections.nCopies(queued.size(), e);
        }
        for (int q = 0; q < queued.size(); q++) {
            if (stored.get(q) != null) {
                finished[queued.get(q)] = new Result(null, stored.get(q));
            }
        }
        for (int k = 0; k < started.size(); k++) {
            if (finished[k] != null) {
                run.answer(positions.get(k), finished[k]);
            }
        }
        // the group holds no lease from here on: what may wait for one held elsewhere (another batch's
        // group may hold it while it waits for one of ours), then the new, merged-away or forgotten
        // persons (a merged-away person's event goes on to a survivor that may be in this group)
        for (int k : waiting) {
            run.answer(positions.get(k), finish(started.get(k), attempts.get(k).observed(), null));
        }
        for (int k : carried) {
            run.answer(positions.get(k), run.outage != null ? new Result(null, run.outage)
                    : finish(started.get(k), attempts.get(k).observed(), null));
        }
        return next;
    }

    private Result finish(ObserveEventService.Started started, LiveStore.Observed firstAttempt,
            Segmenter.Queue queue) {
        try {
            return new Result(observer.finish(started, firstAttempt, queue), null);
        } catch (RuntimeException e) {
            // as the single call would answer it: an unreachable store is UNAVAILABLE, not INTERNAL
            return new Result(null, e);
        }
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
}
