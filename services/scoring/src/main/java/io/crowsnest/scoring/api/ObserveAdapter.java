package io.crowsnest.scoring.api;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;

import io.crowsnest.platform.grpc.ContentHash;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.ItemErrors;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.platform.json.ProtoJsonText;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.InvalidField;
import io.crowsnest.scoring.domain.Outcome;
import io.crowsnest.scoring.mapping.EventMapping;
import io.crowsnest.scoring.mapping.RetainedEventJson;
import io.crowsnest.scoring.mapping.SegmentRecords;
import io.crowsnest.scoring.service.ObserveAttributesService;
import io.crowsnest.scoring.service.ObserveEventBatchService;
import io.crowsnest.scoring.service.ObserveEventService;
import io.crowsnest.scoring.v1.ObserveAttributesRequest;
import io.crowsnest.scoring.v1.ObserveAttributesResponse;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventResponse;
import io.crowsnest.scoring.v1.ObserveEventResult;
import io.crowsnest.scoring.v1.ObserveEventsRequest;
import io.crowsnest.scoring.v1.ObserveEventsResponse;
import io.crowsnest.scoring.v1.RuleMatch;
import io.crowsnest.scoring.v1.ScorePoints;
import io.grpc.Status;

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
    Idempotency idempotency;
    @Inject
    ScoringConfig config;
    @Inject
    Clock clock;

    ObserveEventResponse observe(ObserveEventRequest request) {
        EventChecks.check(request, now(), config.clockSkew());
        return response(events.observe(EventMapping.event(request), RetainedEventJson.json(request),
                ContentHash.of(request)));
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
        List<ObserveEventBatchService.Item> items = new ArrayList<>(count);
        for (ObserveEventRequest event : request.getEventsList()) {
            RuntimeException refusal = null;
            try {
                EventChecks.check(event, now, config.clockSkew());
            } catch (RuntimeException e) {
                refusal = e;
            }
            refused.add(refusal);
            items.add(refusal != null ? new ObserveEventBatchService.Item(event.getPersonId(), null, null, null)
                    : new ObserveEventBatchService.Item(event.getPersonId(), EventMapping.event(event),
                            RetainedEventJson.json(event), ContentHash.of(event)));
        }
        ObserveEventsResponse.Builder out = ObserveEventsResponse.newBuilder();
        for (ObserveEventBatchService.Result r : batches.observe(items, refused, ObserveAdapter::unavailable)) {
            out.addResults(r.error() != null ? ObserveEventResult.newBuilder().setError(ItemErrors.of(r.error()))
                    : ObserveEventResult.newBuilder().setObserved(response(r.observed())));
        }
        return out.build();
    }

    /** The reason ("" without one) of a failure answered UNAVAILABLE; null for one answered otherwise. */
    private static String unavailable(RuntimeException failure) {
        var error = ItemErrors.of(failure);
        return error.getCode() == Status.Code.UNAVAILABLE.value() ? error.getReason() : null;
    }

    private static ObserveEventResponse response(ObserveEventService.Observation o) {
        ObserveEventResponse.Builder out = ObserveEventResponse.newBuilder().setPersonId(o.personId())
                .setDuplicate(o.duplicate()).setProcessedAt(Timestamps.of(o.processedAt()))
                .putAllScoresAfter(o.scoresAfter());
        for (Outcome.RuleOutcome rule : o.rules()) {
            RuleMatch.Builder match = RuleMatch.newBuilder().setPlanId(rule.planId())
                    .setPlanVersion(rule.planVersion()).setRuleId(rule.ruleId()).setApplied(rule.applied());
            rule.awarded().forEach((score, points) -> match.addPointsAwarded(ScorePoints.newBuilder()
                    .setScoreName(score).setPoints(points)));
            out.addMatchedRules(match);
        }
        o.transitions().forEach(t -> out.addTransitions(SegmentRecords.transition(t)));
        return out.build();
    }

    ObserveAttributesResponse observe(ObserveAttributesRequest request) {
        AttributeChecks.check(request);
        return idempotency.once("ObserveAttributes", request.getIdempotencyKey(), request,
                ObserveAttributesResponse.parser(), () -> {
                    ObserveAttributesService.Stored stored = attributes.observe(request.getPersonId(),
                            request.getVersion(), json(request));
                    ObserveAttributesResponse.Builder out = ObserveAttributesResponse.newBuilder()
                            .setPersonId(stored.personId()).setApplied(stored.applied())
                            .setStoredVersion(stored.storedVersion())
                            .setProcessedAt(Timestamps.of(stored.processedAt()));
                    stored.transitions().forEach(t -> out.addTransitions(SegmentRecords.transition(t)));
                    return out.build();
                });
    }

    private static String json(ObserveAttributesRequest request) {
        try {
            return ProtoJsonText.print(Struct.newBuilder().putAllFields(request.getAttributesMap()));
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidField("attributes", "cannot be written as JSON: " + e.getMessage(), null);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
