package io.crowsnest.profile.client;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.scoring.v1.ObserveAttributesRequest;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/**
 * Delivers one event to scoring's ObserveEvent, or one attribute snapshot to its ObserveAttributes,
 * with a deadline, and says what to do with the outbox entry.
 */
@ApplicationScoped
public class ScoringClient {

    private static final Logger LOG = Logger.getLogger(ScoringClient.class);

    @GrpcClient("scoring")
    ScoringServiceBlockingStub scoring;
    @Inject
    ProfileConfig config;

    /** What a delivery attempt came to. */
    public enum Outcome {
        /** Scoring has the event (now or before): the entry is done. */
        DELIVERED,
        /** Scoring will never take it (the person was erased, or the id holds another event there): drop it. */
        REFUSED,
        /** Scoring is down or failing: retry with back-off. */
        UNAVAILABLE,
        /** Scoring does not implement the call yet: keep everything and retry slowly. */
        NOT_YET,
        /** Scoring says the request is malformed, a bug on one side: keep it, retry rarely, tell operators. */
        REJECTED
    }

    public Outcome observe(String eventId, byte[] request) {
        try {
            scoring.withDeadlineAfter(config.outbox().deadline().toMillis(), TimeUnit.MILLISECONDS)
                    .observeEvent(ObserveEventRequest.parseFrom(request));
            return Outcome.DELIVERED;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("outbox entry " + eventId + " holds no ObserveEventRequest", e);
        } catch (StatusRuntimeException e) {
            return outcome(e, "event " + eventId);
        }
    }

    /** Pushes a person's attribute snapshot (a stale one is acknowledged too: scoring holds a newer one). */
    public Outcome observeAttributes(ObserveAttributesRequest request) {
        try {
            scoring.withDeadlineAfter(config.outbox().deadline().toMillis(), TimeUnit.MILLISECONDS)
                    .observeAttributes(request);
            return Outcome.DELIVERED;
        } catch (StatusRuntimeException e) {
            return outcome(e, "the attributes of " + request.getPersonId() + " (version " + request.getVersion()
                    + ")");
        }
    }

    private static Outcome outcome(StatusRuntimeException e, String what) {
        return switch (e.getStatus().getCode()) {
            case UNIMPLEMENTED -> Outcome.NOT_YET;
            case INVALID_ARGUMENT -> {
                LOG.errorf("scoring refused %s as malformed: %s; it stays in the outbox", what,
                        e.getStatus().getDescription());
                yield Outcome.REJECTED;
            }
            case FAILED_PRECONDITION, ALREADY_EXISTS -> {
                LOG.warnf("scoring will not observe %s (%s); dropped from the outbox", what, e.getStatus());
                yield Outcome.REFUSED;
            }
            default -> Outcome.UNAVAILABLE;
        };
    }
}
