package io.crowsnest.decisioning.api;

import java.util.List;
import java.util.function.Supplier;

import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.domain.FieldProblem;
import io.crowsnest.decisioning.expression.ExpressionException;
import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** The one place where decisioning's domain errors become gRPC status with details. */
final class Errors {

    private Errors() {
    }

    static <T> void unary(StreamObserver<T> response, Supplier<T> body) {
        Calls.unary(response, () -> {
            try {
                return body.get();
            } catch (DecisioningException e) {
                throw GrpcErrors.error(code(e.kind()), e.reason(), e.getMessage(), e.metadata());
            } catch (FieldProblem e) {
                throw GrpcErrors.invalid(e.violations().stream()
                        .map(x -> new GrpcErrors.FieldViolation(x.field(), x.description())).toList());
            } catch (ExpressionException e) {
                throw GrpcErrors.invalid(List.of(new GrpcErrors.FieldViolation("expression", e.getMessage())));
            }
        });
    }

    private static Status.Code code(DecisioningException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
            case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
        };
    }
}
