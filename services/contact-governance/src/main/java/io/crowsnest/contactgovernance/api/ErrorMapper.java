package io.crowsnest.contactgovernance.api;

import java.util.function.Supplier;

import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * The one place where contact governance's refusals become gRPC status: a {@link GovernanceException}
 * by its kind with an ErrorInfo reason (INVALID_ARGUMENT as a BadRequest field violation, with the
 * reason too when it has one); request-check violations, store outages and unexpected failures as
 * the platform's {@link Calls} maps them. The table is in docs/contact-governance.md.
 */
final class ErrorMapper {

    private ErrorMapper() {
    }

    /** Runs one unary call, answering its result or its mapped error. */
    static <T> void unary(StreamObserver<T> response, Supplier<T> body) {
        Calls.unary(response, () -> {
            try {
                return body.get();
            } catch (GovernanceException e) {
                throw status(e);
            }
        });
    }

    /** Runs a server-streaming call; a failure ends it with its mapped status. */
    static void stream(StreamObserver<?> response, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            response.onError(e instanceof GovernanceException g ? status(g) : Calls.status(e));
        }
    }

    static StatusRuntimeException status(GovernanceException e) {
        if (e.kind() == GovernanceException.Kind.INVALID_ARGUMENT) {
            return e.reason() == null ? GrpcErrors.invalid(e.field(), e.getMessage())
                    : GrpcErrors.invalid(e.field(), e.getMessage(), e.reason());
        }
        return GrpcErrors.error(code(e.kind()), e.reason(), e.getMessage(), e.metadata());
    }

    private static Status.Code code(GovernanceException.Kind kind) {
        return switch (kind) {
            case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
            case ABORTED -> Status.Code.ABORTED;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
        };
    }
}
