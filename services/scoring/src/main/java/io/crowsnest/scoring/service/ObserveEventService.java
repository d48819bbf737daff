package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.ContentHash;
import io.crowsnest.platform.grpc.Timestamps;
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
import io.crowsnest.scoring.store.EventIdClaimer;
import io.crowsnest.scoring.store.EventIds;
import io.crowsnest.scoring.store.LiveStore;
import io.crowsnest.scoring.store.PersonRegistry;
import io.crowsnest.scoring.store.Tombstones;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventResponse;
import io.crowsnest.scoring.v1.RuleMatch;
import io.crowsnest.scoring.v1.ScorePoints;
import io.crowsnest.scoring.v1.SegmentTransition;

/**
 * ObserveEvent (the event checked by the adapter): claims its id, scores it with the plan versions in force at its
 * occurred_at in one Redis script, re-evaluates the person's segments, then answers with what that
 * did (the first answer again for a redelivery).
 */
@ApplicationScoped
public class ObserveEventService {

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
    Clock clock;

    /** Observes a checked event. */
    public ObserveEventResponse observe(ObserveEventRequest request) {
        return observe(request, null, eventIds);
    }

    /**
     * Observes a checked event, its id claimed through the claimer given (a batch's claims taken ahead).
     *
     * @param contentHash the request's content hash when the caller computed it already; null to compute it
     */
    ObserveEventResponse observe(ObserveEventRequest request, String contentHash, EventIdClaimer claims) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String hash = contentHash != null ? contentHash : ContentHash.of(request);
        if (!claims.claim(request.getEventId(), hash, config.eventIdRetention())) {
            throw new ScoringException(ScoringException.Kind.ALREADY_EXISTS, "EVENT_ID_REUSED", "event_id '"
                    + request.getEventId() + "' was already observed with different content; nothing changed");
        }
        PlanBook book = catalog.book();
        LiveStore.Windows windows = settings.windows();
        Segmenter.Prepared prepared = segmenter.prepare();
        LiveStore.Lease lease = prepared == null ? null : prepared.lease();
        String personId = request.getPersonId();
        ObservedEvent event;
        LiveStore.Observed observed;
        int hops = 0;
        do {
            // a person merged away answers MOVED with its survivor: the event goes there
            event = EventMapping.event(request.toBuilder().setPersonId(personId).build());
            observed = observe(event, hops == 0, Matches.of(book, event), RetainedEvents.json(request), now, windows,
                    lease);
            personId = observed.movedTo();
        } while (observed.status() == LiveStore.Status.MOVED && ++hops < MAX_HOPS);
        if (observed.status() == LiveStore.Status.MOVED) {
            throw new MergeInProgress(request.getPersonId(), "event id");
        }
        boolean duplicate = observed.status() == LiveStore.Status.DUPLICATE;
        return response(event.personId(), observed.outcome(), book, duplicate)
                .addAllTransitions(transitions(event, observed, duplicate, prepared)).build();
    }

    /**
     * The segment transitions the event caused: evaluated now for a new event; for a redelivery,
     * those recorded the first time, or — when the first attempt stopped before recording them —
     * whatever a new evaluation finds (evaluations repeat safely). A new event's evaluation goes on
     * from the state its observation read under the prepared lease.
     */
    private List<SegmentTransition> transitions(ObservedEvent event, LiveStore.Observed observed, boolean duplicate,
            Segmenter.Prepared prepared) {
        if (duplicate && !observed.transitions().isEmpty()) {
            return TransitionCodec.decode(observed.transitions());
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

    private static ObserveEventResponse.Builder response(String personId, Outcome outcome, PlanBook book,
            boolean duplicate) {
        ObserveEventResponse.Builder out = ObserveEventResponse.newBuilder().setPersonId(personId)
                .setDuplicate(duplicate).setProcessedAt(Timestamps.of(outcome.processedAt()))
                .putAllScoresAfter(ScoreValues.at(book, outcome.scores(), outcome.processedAt()));
        for (Outcome.RuleOutcome rule : outcome.rules()) {
            RuleMatch.Builder match = RuleMatch.newBuilder().setPlanId(rule.planId())
                    .setPlanVersion(rule.planVersion()).setRuleId(rule.ruleId()).setApplied(rule.applied());
            rule.awarded().forEach((score, points) -> match.addPointsAwarded(ScorePoints.newBuilder()
                    .setScoreName(score).setPoints(points)));
            out.addMatchedRules(match);
        }
        return out;
    }
}
