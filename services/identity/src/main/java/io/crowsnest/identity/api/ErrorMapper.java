package io.crowsnest.identity.api;

import java.util.function.Supplier;

import io.crowsnest.common.v1.ItemError;
import io.crowsnest.identity.domain.IdentityException;
import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.ItemErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * The one place where identity's refusals become gRPC status: an {@link IdentityException} by its
 * kind with an ErrorInfo reason; request checks arrive already as INVALID_ARGUMENT with field
 * violations; store and unexpected failures as the platform's {@link Calls} maps them.
 */
public final class ErrorMapper {

    private ErrorMapper() {
    }

    /** Runs one unary call, answering its result or its mapped error. */
    static <T> void unary(StreamObserver<T> response, Supplier<T> body) {
        Calls.unary(response, () -> {
            try {
                return body.get();
            } catch (IdentityException e) {
                throw status(e);
            }
        });
    }

    /** Runs a server stream, ending it with the mapped error. */
    static void stream(StreamObserver<?> response, Runnable body) {
        Calls.stream(response, () -> {
            try {
                body.run();
            } catch (IdentityException e) {
                throw status(e);
            }
        });
    }

    /** The status a failure answers. */
    public static StatusRuntimeException status(RuntimeException failure) {
        if (!(failure instanceof IdentityException e)) {
            return Calls.status(failure);
        }
        Status.Code code = switch (e.kind()) {
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
            case ABORTED -> Status.Code.ABORTED;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
        };
        return GrpcErrors.error(code, e.reason(), e.getMessage());
    }

    /** A batch item's error: what the single-item RPC would have answered. */
    public static ItemError item(RuntimeException failure) {
        return ItemErrors.of(status(failure));
    }
}
