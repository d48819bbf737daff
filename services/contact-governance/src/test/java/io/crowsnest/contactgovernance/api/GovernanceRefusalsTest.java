package io.crowsnest.contactgovernance.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.PersonForgotten;
import io.crowsnest.contactgovernance.domain.PolicyVersionConflict;
import io.crowsnest.contactgovernance.domain.ReservationClosed;
import io.crowsnest.contactgovernance.domain.ReservationNotFound;
import io.crowsnest.platform.grpc.Calls;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;

/** One refusal, one status: each kind of governance refusal answers its code with the reason and the sentence through the platform's Calls. */
class GovernanceRefusalsTest {

    private static List<Any> details(StatusRuntimeException e) {
        return StatusProto.fromThrowable(e).getDetailsList();
    }

    private static String reason(StatusRuntimeException e) throws InvalidProtocolBufferException {
        for (Any detail : details(e)) {
            if (detail.is(ErrorInfo.class)) {
                return detail.unpack(ErrorInfo.class).getReason();
            }
        }
        return "";
    }

    private static List<String> fields(StatusRuntimeException e) throws InvalidProtocolBufferException {
        for (Any detail : details(e)) {
            if (detail.is(BadRequest.class)) {
                return detail.unpack(BadRequest.class).getFieldViolationsList().stream()
                        .map(BadRequest.FieldViolation::getField).toList();
            }
        }
        return List.of();
    }

    @Test
    void eachNamedRefusalAnswersItsStatusAndReason() throws Exception {
        record Case(GovernanceException error, Status.Code code, String reason) {
        }
        for (Case c : List.of(
                new Case(new PersonForgotten("gone"), Status.Code.FAILED_PRECONDITION, "PERSON_FORGOTTEN"),
                new Case(new ReservationNotFound("rsv-1"), Status.Code.NOT_FOUND, "RESERVATION_NOT_FOUND"),
                new Case(new ReservationClosed("RESERVATION_EXPIRED", "late"), Status.Code.FAILED_PRECONDITION,
                        "RESERVATION_EXPIRED"),
                new Case(new PolicyVersionConflict("moved on"), Status.Code.FAILED_PRECONDITION,
                        "POLICY_VERSION_CONFLICT"),
                new Case(GovernanceException.countersBusy("busy"), Status.Code.UNAVAILABLE, "COUNTERS_BUSY"),
                new Case(GovernanceException.consentChanging(GovernanceException.Kind.ABORTED, "again"),
                        Status.Code.ABORTED, "CONSENT_CHANGING"),
                new Case(new GovernanceException(GovernanceException.Kind.RESOURCE_EXHAUSTED, "SIMULATION_CAPACITY",
                        "too many"), Status.Code.RESOURCE_EXHAUSTED, "SIMULATION_CAPACITY"))) {
            StatusRuntimeException status = Calls.refusal(c.error());
            assertEquals(c.code(), status.getStatus().getCode(), c.reason());
            assertEquals(c.reason(), reason(status));
            assertEquals(c.error().getMessage(), status.getStatus().getDescription());
        }
    }

    @Test
    void aFieldRefusalIsAFieldViolationWithItsReasonWhenItHasOne() throws Exception {
        StatusRuntimeException plain = Calls.refusal(GovernanceException.invalid("occurred_at", "too early"));
        assertEquals(Status.Code.INVALID_ARGUMENT, plain.getStatus().getCode());
        assertEquals(List.of("occurred_at"), fields(plain));
        assertEquals("", reason(plain));
        StatusRuntimeException withReason = Calls.refusal(new GovernanceException(
                GovernanceException.Kind.INVALID_ARGUMENT, "MERGE_INTO_SELF", "resolves to itself", "merged_person_id"));
        assertEquals(List.of("merged_person_id"), fields(withReason));
        assertEquals("MERGE_INTO_SELF", reason(withReason));
    }

    @Test
    void aCallAnswersItsResultOrItsMappedRefusal() {
        List<Object> seen = new ArrayList<>();
        StreamObserver<String> observer = new StreamObserver<>() {
            @Override
            public void onNext(String value) {
                seen.add(value);
            }

            @Override
            public void onError(Throwable t) {
                seen.add(t);
            }

            @Override
            public void onCompleted() {
                seen.add("completed");
            }
        };
        Calls.unary(observer, () -> "answer");
        assertEquals(List.of("answer", "completed"), seen);
        seen.clear();
        Calls.unary(observer, () -> {
            throw new ReservationNotFound("rsv-2");
        });
        assertEquals(1, seen.size());
        assertFalse(seen.get(0) instanceof String);
        assertEquals(Status.Code.NOT_FOUND, ((StatusRuntimeException) seen.get(0)).getStatus().getCode());
    }
}
