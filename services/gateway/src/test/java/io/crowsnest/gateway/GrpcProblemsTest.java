package io.crowsnest.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;

import io.crowsnest.gateway.api.GrpcProblems;
import io.crowsnest.gateway.api.Problem;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

class GrpcProblemsTest {

    @Test
    void invalidArgumentBecomes400WithFieldViolationsAndReason() {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage("identifiers[0].value is not an email address")
                .addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(BadRequest.FieldViolation.newBuilder()
                        .setField("identifiers[0].value").setDescription("not an email address")).build()))
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("IDENTIFIER_INVALID").setDomain("identity")
                        .build()))
                .build();

        Problem problem = GrpcProblems.toProblem(StatusProto.toStatusRuntimeException(status));

        assertEquals(400, problem.status());
        assertEquals("urn:crowsnest:problem:invalid-argument", problem.type());
        assertEquals("identifiers[0].value is not an email address", problem.detail());
        assertEquals("IDENTIFIER_INVALID", problem.reason());
        assertEquals(List.of(new Problem.Violation("identifiers[0].value", "not an email address")),
                problem.violations());
    }

    @Test
    void eachGrpcCodeMapsToItsHttpStatus() {
        assertEquals(404, GrpcProblems.toProblem(Status.NOT_FOUND.asRuntimeException()).status());
        assertEquals(409, GrpcProblems.toProblem(Status.FAILED_PRECONDITION.asRuntimeException()).status());
        assertEquals(409, GrpcProblems.toProblem(Status.ALREADY_EXISTS.asRuntimeException()).status());
        assertEquals(429, GrpcProblems.toProblem(Status.RESOURCE_EXHAUSTED.asRuntimeException()).status());
        assertEquals(501, GrpcProblems.toProblem(Status.UNIMPLEMENTED.asRuntimeException()).status());
        assertEquals(503, GrpcProblems.toProblem(Status.UNAVAILABLE.asRuntimeException()).status());
        assertEquals(504, GrpcProblems.toProblem(Status.DEADLINE_EXCEEDED.asRuntimeException()).status());
        assertEquals(500, GrpcProblems.toProblem(Status.INTERNAL.asRuntimeException()).status());
        assertEquals("the service is not reachable right now; retry later",
                GrpcProblems.toProblem(Status.UNAVAILABLE.asRuntimeException()).detail());
    }
}
