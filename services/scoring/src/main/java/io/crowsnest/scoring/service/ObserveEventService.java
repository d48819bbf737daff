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
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!claims.claim(request.eventId(), contentHash, config.eventIdRetention())) {
            throw new ScoringException(ScoringException.Kind.ALREADY_EXISTS, "EVENT_ID_REUSED", "event_id '"
                    + request.eventId() + "' was already observed with different content; nothing changed");
        }
        PlanBook book = catalog.book();
        LiveStore.Windows windows = settings.windows();
        Segmenter.Prepared prepared = segmenter.prepare();
        LiveStore.Lease lease = prepared == null ? null : prepared.lease();
        String personId = request.personId();
        ObservedEvent event;
        LiveStore.Observed observed;
        int hops = 0;
        do {
            // a person merged away answers MOVED with its survivor: the event goes there
            event = request.of(personId);
            observed = observe(event, hops == 0, Matches.of(book, event), retained, now, windows, lease);
            personId = observed.movedTo();
        } while (observed.status() == LiveStore.Status.MOVED && ++hops < MAX_HOPS);
        if (observed.status() == LiveStore.Status.MOVED) {
            throw new MergeInProgress(request.personId(), "event id");
        }
        boolean duplicate = observed.status() == LiveStore.Status.DUPLICATE;
        Outcome outcome = observed.outcome();
        return new Observation(event.personId(), duplicate, outcome.processedAt(),
                ScoreValues.at(book, outcome.scores(), outcome.processedAt()), outcome.rules(),
                transitions(event, observed, duplicate, prepared));
    }

    /**
     * The segment transitions the event caused: evaluated now for a new event; for a redelivery,
     * those recorded the first time, or — when the first attempt stopped before recording them —
     * whatever a new evaluation finds (evaluations repeat safely). A new event's evaluation goes on
     * from the state its observation read under the prepared lease.
     */
    private List<Transition> transitions(ObservedEvent event, LiveStore.Observed observed, boolean duplicate,
            Segmenter.Prepared prepared) {
        if (duplicate && !observed.transitions().isEmpty()) {
            return memberships.recorded(observed.transitions());
        }
        Instant processed = observed.outcome().processedAt();
        if (duplicate && processed.isAfter(clock.instant().minus(config.evaluationLease().multipliedBy(2)))) {
            return List.of();
        }
        if (duplicate || prepared == null) {
            return segmenter.evaluate(event.personId(), Trigger.event(event.eventId()),
                    duplicate ? clock.instant().truncatedTo(ChronoUnit.MILLIS) : processed);
        }
        return segmenter.evaluate(event.personId(), Trigger.event(event.eventId()), processed, prepared,
                observed.read());
    }

    /**
     * One attempt in the slot of the event's person: {@code named} when that is the person the request
     * names (erased: it no longer exists), not when a merge led there (erased meanwhile).
     */
    private LiveStore.Observed observe(ObservedEvent event, boolean named, Matches matches, String retained,
            Instant now, LiveStore.Windows windows, LiveStore.Lease lease) {
        String source = TrafficSource.of(event);
        LiveStore.Observed observed = live.observe(event, source, retained, matches, now, false, windows, lease);
        if (observed.status() == LiveStore.Status.NEW_PERSON) {
            if (tombstones.forgottenAt(event.personId()).isPresent()) {
                throw erased(event.personId(), named);
            }
            registry.register(event.personId(), now);
            observed = live.observe(event, source, retained, matches, now, true, windows, lease);
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
