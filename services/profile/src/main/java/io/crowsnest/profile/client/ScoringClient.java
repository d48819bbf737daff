package io.crowsnest.profile.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.ItemErrors;
import io.crowsnest.platform.json.JsonValues;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.scoring.v1.ObserveAttributesRequest;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventResult;
import io.crowsnest.scoring.v1.ObserveEventsRequest;
import io.crowsnest.scoring.v1.ObserveEventsResponse;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/**
 * Delivers a batch of events to scoring's ObserveEvents, or one attribute snapshot to its
 * ObserveAttributes, with a deadline, and says what to do with each outbox entry.
 */
@ApplicationScoped
public class ScoringClient {

    private static final Logger LOG = Logger.getLogger(ScoringClient.class);
    /** Below the 4 MiB a gRPC server accepts by default, so that a batch of large events is split, not refused. */
    private static final int MAX_BATCH_BYTES = 3 * 1024 * 1024;
    private static final String PERSON_NOT_FOUND = "PERSON_NOT_FOUND";

    @GrpcClient("scoring")
    ScoringServiceBlockingStub scoring;
    @Inject
    ProfileConfig config;

    private final AtomicBoolean oneByOne = new AtomicBoolean();

    /** What a delivery attempt came to. */
    public enum Outcome {
        /** Scoring has the event (now or before): the entry is done. */
        DELIVERED,
        /**
         * Scoring will never take it (the person was erased: FAILED_PRECONDITION, or NOT_FOUND
         * PERSON_NOT_FOUND for an id that no longer exists; or the id holds another event there): drop it.
         */
        REFUSED,
        /** Scoring is down or failing: retry with back-off. */
        UNAVAILABLE,
        /** Scoring does not implement the call yet: keep everything and retry slowly. */
        NOT_YET,
        /** Scoring says the request is malformed, a bug on one side: keep it, retry rarely, tell operators. */
        REJECTED
    }

    /** An event entry to deliver: its id and the serialised ObserveEventRequest it holds (opaque to its callers). */
    public record Event(String eventId, byte[] request) {
    }

    /**
     * A person's attributes as scoring receives them: the current value of every set attribute by
     * attribute path, as plain JSON values (String, Double, Boolean, List, Map), under the person's
     * attribute version.
     */
    public record Attributes(String personId, long version, Map<String, Object> values) {

        public Attributes {
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        }
    }

    /**
     * Delivers the events in one ObserveEvents call (more when they would not fit one message) and
     * returns each one's outcome, in order. A failure of the whole call is every event's outcome; a
     * scoring without ObserveEvents (an older release) gets them one by one through ObserveEvent.
     */
    public List<Outcome> observe(List<Event> events) {
        Outcome[] outcomes = new Outcome[events.size()];
        List<Integer> positions = new ArrayList<>();
        ObserveEventsRequest.Builder batch = ObserveEventsRequest.newBuilder();
        int bytes = 0;
        for (int i = 0; i < events.size(); i++) {
            Optional<ObserveEventRequest> request = parse(events.get(i));
            if (request.isEmpty()) {
                outcomes[i] = Outcome.REJECTED;
                continue;
            }
            // an element of a repeated field: its size plus at most 5 bytes of tag and length
            int size = request.get().getSerializedSize() + 5;
            if (!positions.isEmpty() && bytes + size > MAX_BATCH_BYTES) {
                send(events, positions, batch.build(), outcomes);
                positions.clear();
                batch.clear();
                bytes = 0;
            }
            bytes += size;
            batch.addEvents(request.get());
            positions.add(i);
        }
        if (!positions.isEmpty()) {
            send(events, positions, batch.build(), outcomes);
        }
        return List.of(outcomes);
    }

    /** One ObserveEvents call; the outcome of batch.events[k] goes to outcomes[positions[k]]. */
    private void send(List<Event> events, List<Integer> positions, ObserveEventsRequest batch, Outcome[] outcomes) {
        ObserveEventsResponse answer;
        try {
            answer = scoring.withDeadlineAfter(config.outbox().deadline().toMillis(), TimeUnit.MILLISECONDS)
                    .observeEvents(batch);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                if (oneByOne.compareAndSet(false, true)) {
                    LOG.info("scoring does not implement ObserveEvents; events go one per ObserveEvent call");
                }
                for (int k = 0; k < positions.size(); k++) {
                    outcomes[positions.get(k)] = observe(events.get(positions.get(k)).eventId(), batch.getEvents(k));
                }
                return;
            }
            Outcome whole = wholeCall(e, positions.size());
            positions.forEach(i -> outcomes[i] = whole);
            return;
        }
        oneByOne.set(false);
        if (answer.getResultsCount() != positions.size()) {
            LOG.errorf("scoring answered %d results to %d events; the batch is offered again",
                    answer.getResultsCount(), positions.size());
            positions.forEach(i -> outcomes[i] = Outcome.UNAVAILABLE);
            return;
        }
        for (int k = 0; k < positions.size(); k++) {
            ObserveEventResult result = answer.getResults(k);
            int i = positions.get(k);
            outcomes[i] = result.hasError()
                    ? outcome(ItemErrors.toException(result.getError()), "event " + events.get(i).eventId())
                    : Outcome.DELIVERED;
        }
    }

    private Outcome observe(String eventId, ObserveEventRequest request) {
        try {
            scoring.withDeadlineAfter(config.outbox().deadline().toMillis(), TimeUnit.MILLISECONDS)
                    .observeEvent(request);
            return Outcome.DELIVERED;
        } catch (StatusRuntimeException e) {
            return outcome(e, "event " + eventId);
        }
    }

    private static Optional<ObserveEventRequest> parse(Event event) {
        try {
            return Optional.of(ObserveEventRequest.parseFrom(event.request()));
        } catch (InvalidProtocolBufferException e) {
            LOG.errorf("outbox entry %s holds no ObserveEventRequest; it stays in the outbox", event.eventId());
            return Optional.empty();
        }
    }

    /**
     * A failure of a whole ObserveEvents call: the batch is malformed (a bug on one side), or scoring
     * is down or failing. Never a reason to drop events, which only each event's own result can give.
     */
    private static Outcome wholeCall(StatusRuntimeException e, int events) {
        if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
            LOG.errorf("scoring refused a batch of %d events as malformed: %s; they stay in the outbox", events,
                    e.getStatus().getDescription());
            return Outcome.REJECTED;
        }
        return Outcome.UNAVAILABLE;
    }

    /**
     * Pushes a person's attribute snapshot, once per version (its idempotency key); a stale one is
     * acknowledged too: scoring holds a newer one.
     */
    public Outcome observeAttributes(Attributes snapshot) {
        ObserveAttributesRequest.Builder request = ObserveAttributesRequest.newBuilder()
                .setPersonId(snapshot.personId()).setVersion(snapshot.version())
                .setIdempotencyKey("attributes:" + snapshot.personId() + ":" + snapshot.version());
        snapshot.values().forEach((path, value) -> request.putAttributes(path, JsonValues.PLAIN.value(value)));
        try {
            scoring.withDeadlineAfter(config.outbox().deadline().toMillis(), TimeUnit.MILLISECONDS)
                    .observeAttributes(request.build());
            return Outcome.DELIVERED;
        } catch (StatusRuntimeException e) {
            return outcome(e, "the attributes of " + request.getPersonId() + " (version " + request.getVersion()
                    + ")");
        }
    }

    private static Outcome refused(StatusRuntimeException e, String what) {
        LOG.warnf("scoring will not observe %s (%s); dropped from the outbox", what, e.getStatus());
        return Outcome.REFUSED;
    }

    private static Outcome outcome(StatusRuntimeException e, String what) {
        return switch (e.getStatus().getCode()) {
            case UNIMPLEMENTED -> Outcome.NOT_YET;
            case INVALID_ARGUMENT -> {
                LOG.errorf("scoring refused %s as malformed: %s; it stays in the outbox", what,
                        e.getStatus().getDescription());
                yield Outcome.REJECTED;
            }
            case FAILED_PRECONDITION, ALREADY_EXISTS -> refused(e, what);
            // the person named no longer exists (erased): as FAILED_PRECONDITION PERSON_FORGOTTEN before
            case NOT_FOUND -> PERSON_NOT_FOUND.equals(GrpcErrors.reason(e)) ? refused(e, what) : Outcome.UNAVAILABLE;
            default -> Outcome.UNAVAILABLE;
        };
    }
}
