package io.crowsnest.platform.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.grpc.Status;

/** A status's contract reason reads back as it was given, and as "" when it carries none. */
class GrpcErrorsTest {

    @Test
    void theReasonOfAnErrorReadsBackAndAPlainStatusHasNone() {
        assertEquals("PERSON_NOT_FOUND", GrpcErrors.reason(GrpcErrors.error(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND",
                "no person has id 'p-1'")));
        assertEquals("", GrpcErrors.reason(GrpcErrors.invalid("person_id", "is required")));
        assertEquals("", GrpcErrors.reason(Status.UNAVAILABLE.withDescription("away").asRuntimeException()));
    }
}
