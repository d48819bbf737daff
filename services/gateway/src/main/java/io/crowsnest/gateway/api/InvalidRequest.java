package io.crowsnest.gateway.api;

import java.util.List;
import java.util.stream.Collectors;

import io.grpc.Status;

/**
 * A request the gateway refuses itself, before calling any service: a missing header, an unknown
 * channel name, a body that is not proto3 JSON. ProblemMappers answers it 400 problem+json with one
 * violation per bad query parameter, header or body.
 */
public final class InvalidRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<Problem.Violation> violations;

    public InvalidRequest(String detail, List<Problem.Violation> violations) {
        super(detail, null, false, false);
        this.violations = List.copyOf(violations);
    }

    /** Throws when {@code violations} is not empty; the detail lists every violation. */
    public static void throwIfAny(List<Problem.Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations.stream().map(v -> v.field() + ": " + v.description())
                    .collect(Collectors.joining("; ")), violations);
        }
    }

    /** The problem answered: 400, type invalid-argument like a service's INVALID_ARGUMENT. */
    public Problem toProblem() {
        return new Problem(GrpcProblems.typeOf(Status.Code.INVALID_ARGUMENT), GrpcProblems.title(400), 400,
                getMessage(), null, null, violations);
    }
}
