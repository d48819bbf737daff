package io.crowsnest.scoring.api;

import java.util.function.Supplier;

import io.crowsnest.common.v1.ItemError;
import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.ItemErrors;
import io.crowsnest.scoring.domain.InvalidField;
import io.crowsnest.scoring.domain.ScoringException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * The one place where scoring's refusals become gRPC status: a {@link ScoringException} by its kind
 * (NOT_FOUND, FAILED_PRECONDITION, ALREADY_EXISTS, ABORTED, UNAVAILABLE) with an ErrorInfo carrying
 * its reason and figures; an {@link InvalidField} (a field found wrong against stored state) as
 * INVALID_ARGUMENT on that field; request checks arrive already as INVALID_ARGUMENT with field violations,
 * identity's answers as the platform's IdentityCalls maps them, and store and unexpected failures as
 * the platform's {@link Calls} maps them (an unreachable store UNAVAILABLE, anything else INTERNAL).
 */
final class ErrorMapper {

    private ErrorMapper() {
    }

    /** Runs one unary call, answering its result or its mapped error. */
    static <T> void unary(StreamObserver<T> response, Supplier<T> body) {
        Calls.unary(response, () -> {
            try {
                return body.get();
            } catch (ScoringException | InvalidField e) {
                throw status(e);
            }
        });
    }

    /** Starts a server stream, ending it with the mapped error when it cannot start. */
    static void stream(StreamObserver<?> response, Runnable start) {
        Calls.stream(response, () -> {
            try {
                start.run();
            } catch (ScoringException | InvalidField e) {
                throw status(e);
            }
        });
    }

    /** The status a failure answers. */
    static StatusRuntimeException status(RuntimeException failure) {
        if (failure instanceof InvalidField f) {
            return f.reason() == null ? GrpcErrors.invalid(f.field(), f.getMessage())
                    : GrpcErrors.invalid(f.field(), f.getMessage(), f.reason());
        }
        if (!(failure instanceof ScoringException e)) {
            return Calls.status(failure);
        }
        Status.Code code = switch (e.kind()) {
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
            case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
            case ABORTED -> Status.Code.ABORTED;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
        };
        return GrpcErrors.error(code, e.reason(), e.getMessage(), e.metadata());
    }

    /** A batch item's error: what the single-item RPC would have answered. */
    static ItemError item(RuntimeException failure) {
        return ItemErrors.of(status(failure));
    }
}
