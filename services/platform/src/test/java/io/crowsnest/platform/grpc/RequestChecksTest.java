package io.crowsnest.platform.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

class RequestChecksTest {

    @Test
    void nothingRecordedThrowsNothing() {
        RequestChecks checks = new RequestChecks();
        checks.personId("p-1", "person_id");
        checks.idempotencyKey("key with spaces is fine by the contract", "idempotency_key");
        checks.requestingSystem("web-login", "requesting_system");
        checks.reason(Reason.newBuilder().setCode("GDPR_ERASURE").setMessage("ticket 4711").build(), "reason");
        assertTrue(checks.isEmpty());
        checks.throwIfAny();
    }

    @Test
    void everyBadFieldIsReportedAtOnceWithItsPath() throws Exception {
        RequestChecks checks = new RequestChecks();
        checks.personId("", "person.person_id");
        checks.idempotencyKey("k".repeat(129), "idempotency_key");
        checks.requestingSystem("Web Login", "requesting_system");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, checks::throwIfAny);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        List<BadRequest.FieldViolation> violations = badRequest(e).getFieldViolationsList();
        assertEquals(List.of("person.person_id", "idempotency_key", "requesting_system"),
                violations.stream().map(BadRequest.FieldViolation::getField).toList());
        assertEquals("is required", violations.get(0).getDescription());
        assertEquals("must be 1 to 128 characters, got 129", violations.get(1).getDescription());
        assertTrue(e.getStatus().getDescription().startsWith("3 invalid fields, first person.person_id"));
    }

    @Test
    void theFirstContractReasonTravelsInErrorInfo() throws Exception {
        RequestChecks checks = new RequestChecks();
        checks.add("name", "is required");
        checks.add("page.page_token", "is malformed", "PAGE_TOKEN_INVALID");
        checks.add("occurred_at", "is in the future", "EVENT_IN_FUTURE");
        StatusRuntimeException e = checks.toException();
        ErrorInfo info = errorInfo(e);
        assertNotNull(info);
        assertEquals("PAGE_TOKEN_INVALID", info.getReason());
        assertEquals(GrpcErrors.DOMAIN, info.getDomain());
    }

    @Test
    void aPersonReferenceNeedsExactlyOneWellFormedChoice() throws Exception {
        RequestChecks checks = new RequestChecks();
        checks.person(PersonRef.getDefaultInstance(), "person");
        checks.person(PersonRef.newBuilder().setPersonId("has space").build(), "other");
        checks.person(PersonRef.newBuilder().setIdentifier(Identifier.newBuilder().setValue("a@b.c")).build(), "third");
        List<String> fields = badRequest(checks.toException()).getFieldViolationsList().stream()
                .map(BadRequest.FieldViolation::getField).toList();
        assertEquals(List.of("person", "other.person_id", "third.identifier.type"), fields);
    }

    @Test
    void timestampsOutsideYearsOneTo9999AreRefused() {
        RequestChecks checks = new RequestChecks();
        assertNull(checks.timestamp(Timestamp.newBuilder().setSeconds(253_402_300_800L).build(), "at"));
        assertNull(checks.timestamp(Timestamp.newBuilder().setSeconds(0).setNanos(-1).build(), "at2"));
        assertEquals(1_000L, checks.timestamp(Timestamp.newBuilder().setSeconds(1).build(), "ok").toEpochMilli());
        assertEquals(2, checks.violations().size());
    }

    @Test
    void reasonCodesAreUpperSnakeAndMessagesBounded() throws Exception {
        RequestChecks checks = new RequestChecks();
        checks.reason(Reason.newBuilder().setCode("wrong-case").setMessage("x".repeat(1025)).build(), "reason");
        List<String> fields = badRequest(checks.toException()).getFieldViolationsList().stream()
                .map(BadRequest.FieldViolation::getField).toList();
        assertEquals(List.of("reason.code", "reason.message"), fields);
    }

    static BadRequest badRequest(StatusRuntimeException e) throws InvalidProtocolBufferException {
        for (var any : StatusProto.fromThrowable(e).getDetailsList()) {
            if (any.is(BadRequest.class)) {
                return any.unpack(BadRequest.class);
            }
        }
        throw new AssertionError("no BadRequest in " + e);
    }

    static ErrorInfo errorInfo(StatusRuntimeException e) throws InvalidProtocolBufferException {
        for (var any : StatusProto.fromThrowable(e).getDetailsList()) {
            if (any.is(ErrorInfo.class)) {
                return any.unpack(ErrorInfo.class);
            }
        }
        return null;
    }
}
