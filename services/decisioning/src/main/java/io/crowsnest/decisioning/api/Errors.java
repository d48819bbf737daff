package io.crowsnest.decisioning.api;

import java.util.List;
import java.util.function.Supplier;

import io.crowsnest.decisioning.client.PeerFailure;
import io.crowsnest.decisioning.domain.FieldProblem;
import io.crowsnest.decisioning.expression.ExpressionException;
import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.stub.StreamObserver;

/**
 * What decisioning adds to the platform's {@link Calls} (which answers every domain refusal, a
 * DecisioningException, by its kind and reason): field problems and expression problems as
 * INVALID_ARGUMENT field violations, and a neighbour's refusal as the neighbour said it.
 */
final class Errors {

    private Errors() {
    }

    static <T> void unary(StreamObserver<T> response, Supplier<T> body) {
        Calls.unary(response, () -> {
            try {
                return body.get();
            } catch (PeerFailure e) {
                throw e.status(); // a neighbour's refusal reaches the caller as the neighbour said it
            } catch (FieldProblem e) {
                throw GrpcErrors.invalid(e.violations().stream()
                        .map(x -> new GrpcErrors.FieldViolation(x.field(), x.description())).toList());
            } catch (ExpressionException e) {
                throw GrpcErrors.invalid(List.of(new GrpcErrors.FieldViolation("expression", e.getMessage())));
            }
        });
    }
}
