package io.crowsnest.profile.api;

import java.util.function.Supplier;

import io.crowsnest.common.v1.ItemError;
import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.ItemErrors;
import io.crowsnest.profile.domain.ProfileException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * The one place where profile's refusals become gRPC status: a {@link ProfileException} by its
 * kind with an ErrorInfo reason (a BadRequest field violation for INVALID_ARGUMENT); request checks
 * and identity's verdicts (client/) arrive as status already; store and unexpected failures as the
 * platform's {@link Calls} maps them.
 */
public final class ErrorMapper {

    private ErrorMapper() {
    }

    /** Runs one unary call, answering its result or its mapped error. */
    static <T> void unary(StreamObserver<T> response, Supplier<T> body) {
        Calls.unary(response, () -> {
            try {
                return body.get();
            } catch (ProfileException e) {
                throw status(e);
            }
        });
    }

    /** The status a failure answers. */
    public static StatusRuntimeException status(RuntimeException failure) {
        if (!(failure instanceof ProfileException e)) {
            return Calls.status(failure);
        }
        Status.Code code = switch (e.kind()) {
            case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
            case ABORTED -> Status.Code.ABORTED;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
        };
        if (code == Status.Code.INVALID_ARGUMENT) {
            return e.reason().isEmpty() ? GrpcErrors.invalid(e.field(), e.getMessage())
                    : GrpcErrors.invalid(e.field(), e.getMessage(), e.reason());
        }
        return GrpcErrors.error(code, e.reason(), e.getMessage());
    }

    /** A batch item's error: what the single-event RPC would have answered. */
    static ItemError item(RuntimeException failure) {
        return ItemErrors.of(status(failure));
    }
}
