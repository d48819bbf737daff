package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.Matches;
import io.crowsnest.scoring.domain.MergeInProgress;
import io.crowsnest.scoring.domain.ObservedEvent;
import io.crowsnest.scoring.domain.Outcome;
import io.crowsnest.scoring.domain.PersonForgotten;
import io.crowsnest.scoring.domain.PersonNotFound;
import io.crowsnest.scoring.domain.PlanBook;
import io.crowsnest.scoring.domain.ScoreValues;
import io.crowsnest.scoring.domain.ScoringException;
import io.crowsnest.scoring.domain.TrafficSource;
import io.crowsnest.scoring.domain.Transition;
import io.crowsnest.scoring.store.EventIdClaimer;
import io.crowsnest.scoring.store.EventIds;
import io.crowsnest.scoring.store.LiveStore;
import io.crowsnest.scoring.store.MembershipStore;
import io.crowsnest.scoring.store.PersonRegistry;
import io.crowsnest.scoring.store.Tombstones;

/**
 * ObserveEvent (the event checked by the adapter): claims its id, scores it with the plan versions in force at its
 * occurred_at in one Redis script, re-evaluates the person's segments, then answers with what that
 * did (the first answer again for a redelivery).
 */
@ApplicationScoped
public class ObserveEventService {

    /**
     * What observing an event did: the person it was applied to (the survivor when the named
     * person was merged), whether it was a redelivery, when it was processed, the scores after it,
     * the rules it matched and the segment transitions it caused.
     */
    public record Observation(String personId, boolean duplicate, Instant processedAt, Map<String, Double> scoresAfter,
            List<Outcome.RuleOutcome> rules, List<Transition> transitions) {
    }

    /** How many merges an event follows from the person it names to the survivor. */
    public static final int MAX_HOPS = 8;

    @Inject
    ScoringConfig config;
    @Inject
    PlanCatalog catalog;
    @Inject
    LiveStore live;
    @Inject
    EventIds eventIds;
    @Inject
    Tombstones tombstones;
    @Inject
    PersonRegistry registry;
    @Inject
    LiveSettings settings;
    @Inject
    Segmenter segmenter;
    @Inject
    MembershipStore memberships;
    @Inject
    Clock clock;

    /**
     * Observes a checked event.
     *
     * @param retained    the event as the person's retained events keep it (JSON)
     * @param contentHash the request's content hash, which its event id is claimed with
     */
    public Observation observe(ObservedEvent request, String retained, String contentHash) {
        return observe(request, retained, contentHash, eventIds);
    }

    /** Observes a checked event, its id claimed through the claimer given (a batch's claims taken ahead). */
    Observation observe(ObservedEvent request, String retained, String contentHash, EventIdClaimer claims) {
        return finish(start(request, retained, contentHash, claims), null);
    }

    /**
     * An event whose id is claimed, ready to be observed: what its observation and the evaluation
     * after it need, fixed at the start (the plan versions, windows and segments in force then).
     */
    record Started(ObservedEvent request, String retained, Instant now, PlanBook book, LiveStore.Windows windows,
            Segmenter.Prepared prepared) {

        LiveStore.Lease lease() {
            return prepared == null ? null : prepared.lease();
        }

        /** The first attempt: in the slot of the person the request names, not known to be new. */
        LiveStore.Observation first() {
            return new LiveStore.Observation(request, TrafficSource.of(request), retained, Matches.of(book, request),
                    now, false, windows, lease());
        }
    }

    /** Claims the event's id (ALREADY_EXISTS when it came before with other content) and prepares. */
    Started start(ObservedEvent request, String retained, String contentHash, EventIdClaimer claims) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!claims.claim(request.eventId(), contentHash, config.eventIdRetention())) {
            throw new ScoringException(ScoringException.Kind.ALREADY_EXISTS, "EVENT_ID_REUSED", "event_id '"
                    + request.eventId() + "' was already observed with different content; nothing changed");
        }
        return new Started(request, retained, now, catalog.book(), settings.windows(), segmenter.prepare());
    }

    /**
     * The first attempts of several started events (at most one per person), in one round trip to
     * Redis; each is what {@link #finish} goes on from.
     */
    List<LiveStore.Attempt> firstAttempts(List<Started> started) {
        return live.observeAll(started.stream().map(Started::first).toList());
    }

    /**
     * Observes a started event and evaluates its person's segments: from its first attempt's answer
     * when that was made already (a batch's), else making it now (null).
     */
    Observation finish(Started started, LiveStore.Observed firstAttempt) {
        return finish(started, firstAttempt, null);
    }

    /**
     * As {@link #finish(Started, LiveStore.Observed)}, the memberships of the evaluation after the
     * event stored with the queue's others (when not null; see {@link Segmenter#store}).
     */
    Observation finish(Started started, LiveStore.Observed firstAttempt, Segmenter.Queue queue) {
        ObservedEvent request = started.request();
        String personId = request.personId();
        ObservedEvent event;
        LiveStore.Observed observed;
        int hops = 0;
        do {
            // a person merged away answers MOVED with its survivor: the event goes there
            event = request.of(personId);
            observed = observe(event, hops == 0, hops == 0 ? firstAttempt : null, started);
            personId = observed.movedTo();
        } while (observed.status() == LiveStore.Status.MOVED && ++hops < MAX_HOPS);
        if (observed.status() == LiveStore.Status.MOVED) {
            throw new MergeInProgress(request.personId(), "event id");
        }
        boolean duplicate = observed.status() == LiveStore.Status.DUPLICATE;
        Outcome outcome = observed.outcome();
        return new Observation(event.personId(), duplicate, outcome.processedAt(),
                ScoreValues.at(started.book(), outcome.scores(), outcome.processedAt()), outcome.rules(),
                transitions(event, observed, duplicate, started.prepared(), queue));
    }

    /**
     * The segment transitions the event caused: evaluated now for a new event; for a redelivery,
     * those recorded the first time, or — when the first attempt stopped before recording them —
     * whatever a new evaluation finds (evaluations repeat safely). A new event's evaluation goes on
     * from the state its observation read under the prepared lease.
     */
    private List<Transition> transitions(ObservedEvent event, LiveStore.Observed observed, boolean duplicate,
            Segmenter.Prepared prepared, Segmenter.Queue queue) {
        if (duplicate && !observed.transitions().isEmpty()) {
            return memberships.recorded(observed.transitions());
        }
        Instant processed = observed.outcome().processedAt();
        if (duplicate && recentRedelivery(observed)) {
            return List.of();
        }
        if (duplicate || prepared == null) {
            return segmenter.evaluate(event.personId(), Trigger.event(event.eventId()),
                    duplicate ? clock.instant().truncatedTo(ChronoUnit.MILLIS) : processed, queue);
        }
        return segmenter.evaluate(event.personId(), Trigger.event(event.eventId()), processed, prepared,
                observed.read(), queue);
    }

    /** A redelivery soon after the first attempt, whose evaluation may still be under way: left to it. */
    private boolean recentRedelivery(LiveStore.Observed observed) {
        return observed.outcome().processedAt()
                .isAfter(clock.instant().minus(config.evaluationLease().multipliedBy(2)));
    }

    /**
     * Whether finishing a started event from its first attempt (applied or a redelivery) may wait
     * for its person's evaluation lease, held by another evaluation: when the observation did not get
     * the lease (BUSY), or when the event is evaluated under a lease taken anew (a redelivery whose
     * transitions were not recorded, no segments prepared). A batch finishes those only once it
     * holds no lease itself, so that two batches never wait for each other's.
     */
    boolean mayWait(Started started, LiveStore.Observed first) {
        boolean duplicate = first.status() == LiveStore.Status.DUPLICATE;
        if (duplicate) {
            return first.transitions().isEmpty() && !recentRedelivery(first);
        }
        return started.prepared() == null || first.read() == null
                || first.read().presence() != LiveStore.Presence.HELD;
    }

    /**
     * One attempt in the slot of the event's person: {@code named} when that is the person the request
     * names (erased: it no longer exists), not when a merge led there (erased meanwhile). It goes on
     * from the script's first answer when that was had already, else asks for it.
     */
    private LiveStore.Observed observe(ObservedEvent event, boolean named, LiveStore.Observed firstAnswer,
            Started started) {
        String source = TrafficSource.of(event);
        LiveStore.Observed observed = firstAnswer != null ? firstAnswer
                : live.observe(event, source, started.retained(), Matches.of(started.book(), event), started.now(),
                        false, started.windows(), started.lease());
        if (observed.status() == LiveStore.Status.NEW_PERSON) {
            if (tombstones.forgottenAt(event.personId()).isPresent()) {
                throw erased(event.personId(), named);
            }
            registry.register(event.personId(), started.now());
            observed = live.observe(event, source, started.retained(), Matches.of(started.book(), event),
                    started.now(), true, started.windows(), started.lease());
            if (observed.status() != LiveStore.Status.APPLIED && observed.status() != LiveStore.Status.DUPLICATE) {
                registry.remove(event.personId());
            }
        }
        if (observed.status() == LiveStore.Status.FORGOTTEN) {
            throw erased(event.personId(), named);
        }
        return observed;
    }

    /** NOT_FOUND for the erased person a request names, FAILED_PRECONDITION for one a merge led to. */
    static ScoringException erased(String personId, boolean named) {
        return named ? PersonNotFound.erased(personId) : new PersonForgotten(personId);
    }
}
