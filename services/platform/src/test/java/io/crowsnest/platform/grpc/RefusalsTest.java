package io.crowsnest.platform.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import io.crowsnest.platform.errors.Refusal;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/** A domain refusal answers its kind's status code with its reason, field and figures, in every service alike. */
class RefusalsTest {

    static final class PersonNotFound extends Refusal {
        PersonNotFound(String personId) {
            super(Kind.NOT_FOUND, "PERSON_NOT_FOUND", "no person '" + personId + "'", null,
                    Map.of("person_id", personId));
        }
    }

    static final class TooMany extends Refusal {
        TooMany() {
            super(Kind.RESOURCE_EXHAUSTED, "SEGMENT_LIMIT_REACHED", "at most 2 segments", "segment", Map.of("limit", "2"));
        }
    }

    static final class BadWindow extends Refusal {
        BadWindow(String reason) {
            super(Kind.INVALID_ARGUMENT, reason, "the window ends before it starts", "window.end", Map.of());
        }
    }

    @Test
    void aRefusalThrownByAUseCaseAnswersItsKindWithReasonAndMetadata() throws InvalidProtocolBufferException {
        Answer<String> answer = new Answer<>();
        Calls.unary(answer, () -> {
            throw new PersonNotFound("p-1");
        });
        StatusRuntimeException s = answer.error();
        assertEquals(Status.Code.NOT_FOUND, s.getStatus().getCode());
        assertEquals("no person 'p-1'", s.getStatus().getDescription());
        ErrorInfo info = RequestChecksTest.errorInfo(s);
        assertEquals("PERSON_NOT_FOUND", info.getReason());
        assertEquals(GrpcErrors.DOMAIN, info.getDomain());
        assertEquals("p-1", info.getMetadataOrThrow("person_id"));
        assertEquals(List.of(), answer.values);
    }

    @Test
    void aRefusalNamingAFieldCarriesItInTheMetadata() throws InvalidProtocolBufferException {
        StatusRuntimeException s = Calls.status(new TooMany());
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, s.getStatus().getCode());
        ErrorInfo info = RequestChecksTest.errorInfo(s);
        assertEquals("SEGMENT_LIMIT_REACHED", info.getReason());
        assertEquals(Map.of("limit", "2", "field", "segment"), info.getMetadataMap());
    }

    @Test
    void anInvalidArgumentRefusalIsAFieldViolationWithItsReasonWhenItHasOne() throws InvalidProtocolBufferException {
        StatusRuntimeException withReason = Calls.status(new BadWindow("WINDOW_INVERTED"));
        assertEquals(Status.Code.INVALID_ARGUMENT, withReason.getStatus().getCode());
        BadRequest bad = RequestChecksTest.badRequest(withReason);
        assertEquals("window.end", bad.getFieldViolations(0).getField());
        assertEquals("the window ends before it starts", bad.getFieldViolations(0).getDescription());
        assertEquals("WINDOW_INVERTED", RequestChecksTest.errorInfo(withReason).getReason());

        StatusRuntimeException withoutReason = Calls.status(new BadWindow(null));
        assertEquals("window.end", RequestChecksTest.badRequest(withoutReason).getFieldViolations(0).getField());
        assertNull(RequestChecksTest.errorInfo(withoutReason));
    }

    @Test
    void aRefusalEndsAStreamThatCannotStart() {
        Answer<String> answer = new Answer<>();
        Calls.stream(answer, () -> {
            throw new PersonNotFound("p-2");
        });
        assertEquals(Status.Code.NOT_FOUND, answer.error().getStatus().getCode());
    }

    private static final class Answer<T> implements StreamObserver<T> {
        final List<T> values = new ArrayList<>();
        Throwable error;

        @Override
        public void onNext(T value) {
            values.add(value);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
        }

        StatusRuntimeException error() {
            return (StatusRuntimeException) error;
        }
    }
}
