package io.crowsnest.scoring.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import io.crowsnest.common.v1.ItemError;
import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.grpc.ItemErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Scoring's refusals as the platform's Calls answers them (the one mapping for every service): the
 * same situation always answers the same code and reason.
 */
class RefusalStatusTest {

    private static ErrorInfo info(StatusRuntimeException e) throws InvalidProtocolBufferException {
        for (Any detail : StatusProto.fromThrowable(e).getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                return detail.unpack(ErrorInfo.class);
            }
        }
        throw new AssertionError("no ErrorInfo in " + e);
    }

    @Test
    void eachKindAnswersItsCodeWithTheReasonAndFigures() throws Exception {
        Map<RuntimeException, Status.Code> cases = Map.of(
                new PlanNotFound("web"), Status.Code.NOT_FOUND,
                new PersonForgotten("p-1"), Status.Code.FAILED_PRECONDITION,
                new PlanVersionConflict("moved on", Map.of("active_version", "3")), Status.Code.FAILED_PRECONDITION,
                new ScoringException(ScoringException.Kind.ALREADY_EXISTS, "EVENT_ID_REUSED", "reused"),
                Status.Code.ALREADY_EXISTS,
                new ScoringException(ScoringException.Kind.ABORTED, "CONCURRENT_ACTIVATION", "retry"),
                Status.Code.ABORTED,
                new MergeInProgress("p-1", "event id"), Status.Code.UNAVAILABLE);
        for (Map.Entry<RuntimeException, Status.Code> c : cases.entrySet()) {
            StatusRuntimeException e = Calls.status(c.getKey());
            ScoringException refusal = (ScoringException) c.getKey();
            assertEquals(c.getValue(), e.getStatus().getCode(), refusal.reason());
            assertEquals(refusal.getMessage(), e.getStatus().getDescription());
            assertEquals(refusal.reason(), info(e).getReason());
            assertEquals(refusal.metadata(), info(e).getMetadataMap());
        }
        assertEquals("PERSON_FORGOTTEN", info(Calls.status(new PersonForgotten("p-1"))).getReason());
    }

    @Test
    void aFieldFoundWrongAgainstStoredStateIsInvalidArgumentOnThatField() throws Exception {
        StatusRuntimeException e = Calls.status(new EffectiveFromInPast("must be after 2026-01-01T00:00:00Z"));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("EFFECTIVE_FROM_IN_PAST", info(e).getReason());
        BadRequest bad = StatusProto.fromThrowable(e).getDetailsList().stream().filter(d -> d.is(BadRequest.class))
                .findFirst().orElseThrow().unpack(BadRequest.class);
        assertEquals("effective_from", bad.getFieldViolations(0).getField());
    }

    @Test
    void aBatchItemCarriesWhatTheSingleCallWouldAnswer() {
        ItemError item = ItemErrors.of(new MergeInProgress("p-1", "event id"));
        assertEquals(Status.Code.UNAVAILABLE.value(), item.getCode());
        assertEquals("MERGE_IN_PROGRESS", item.getReason());
        assertEquals("person 'p-1' is being merged; retry with the same event id", item.getMessage());
    }

    @Test
    void aStatusAlreadyChosenPassesThroughAndAnythingUnexpectedIsInternal() {
        StatusRuntimeException given = Status.NOT_FOUND.withDescription("identity says so").asRuntimeException();
        assertEquals(given, Calls.status(given));
        assertEquals(Status.Code.INTERNAL, Calls.status(new IllegalStateException("bug")).getStatus().getCode());
    }
}
