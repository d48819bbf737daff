package io.crowsnest.platform.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

/**
 * Malformed requests get clean answers over a real HTTP/2 connection: bytes that are no valid
 * request message are refused INVALID_ARGUMENT MALFORMED_REQUEST (grpc-java alone answers UNKNOWN),
 * and a refusal that quotes a huge value or lists thousands of violations still reaches the caller
 * as that refusal, cut to a size the caller accepts.
 */
class MalformedRequestsTest {

    private Server server;
    private ManagedChannel channel;

    /** Health's Check: answers SERVING, or the refusal the test puts in place. */
    private static final class Health extends HealthGrpc.HealthImplBase {
        private final StatusRuntimeException refusal;

        Health(StatusRuntimeException refusal) {
            this.refusal = refusal;
        }

        @Override
        public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
            if (refusal != null) {
                response.onError(refusal);
                return;
            }
            response.onNext(HealthCheckResponse.newBuilder().setStatus(ServingStatus.SERVING).build());
            response.onCompleted();
        }
    }

    private void serve(ServerServiceDefinition service) throws IOException {
        server = NettyServerBuilder.forPort(0).addService(service).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.shutdownNow();
        }
    }

    @Test
    void bytesThatAreNoRequestMessageAreRefusedAsInvalidArgumentNotUnknown() throws Exception {
        serve(UnparsableRequests.guard(new Health(null).bindService()));
        byte[] cutShort = {0x0a, 0x05, 'a'};
        byte[] badUtf8 = {0x0a, 0x01, (byte) 0xff};
        for (byte[] request : List.of(cutShort, badUtf8)) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> check(request));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
            assertEquals("MALFORMED_REQUEST", RequestChecksTest.errorInfo(e).getReason());
            assertTrue(e.getStatus().getDescription().startsWith("the request is not a valid grpc.health.v1.HealthCheckRequest"),
                    e.getStatus().getDescription());
        }
        byte[] valid = HealthCheckRequest.newBuilder().setService("x").build().toByteArray();
        assertEquals(ServingStatus.SERVING, HealthCheckResponse.parseFrom(check(valid)).getStatus(),
                "a valid request is served as before");
    }

    @Test
    void withoutTheGuardGrpcJavaAnswersAMalformedRequestUnknown() throws Exception {
        serve(new Health(null).bindService());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> check(new byte[] {0x0a, 0x05, 'a'}));
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode(), "why the guard exists: " + e.getStatus());
    }

    @Test
    void aRefusalQuotingAHugeValueReachesTheCallerCutToSize() throws Exception {
        String huge = "é".repeat(200_000);
        serve(ServerInterceptors.intercept(new Health(GrpcErrors.invalid("service", "unknown service " + huge)).bindService(),
                new BoundedStatus()));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> check(HealthCheckRequest.getDefaultInstance().toByteArray()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
        String description = e.getStatus().getDescription();
        assertTrue(description.getBytes(StandardCharsets.UTF_8).length <= BoundedStatus.MAX_TEXT, description);
        assertTrue(description.startsWith("service: unknown service éé") && description.endsWith("characters in all)"),
                description);
        BadRequest bad = RequestChecksTest.badRequest(e);
        assertEquals("service", bad.getFieldViolations(0).getField());
        assertTrue(bad.getFieldViolations(0).getDescription().length() < 200);
    }

    @Test
    void thousandsOfViolationsReachTheCallerAsTheFirstOnesAndACount() throws Exception {
        List<GrpcErrors.FieldViolation> violations = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            violations.add(new GrpcErrors.FieldViolation("identifiers[" + i + "].value", "must not be empty"));
        }
        serve(ServerInterceptors.intercept(new Health(GrpcErrors.invalid(violations)).bindService(), new BoundedStatus()));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> check(HealthCheckRequest.getDefaultInstance().toByteArray()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
        BadRequest bad = RequestChecksTest.badRequest(e);
        assertEquals("identifiers[0].value", bad.getFieldViolations(0).getField());
        String last = bad.getFieldViolations(bad.getFieldViolationsCount() - 1).getDescription();
        int shown = bad.getFieldViolationsCount() - 1;
        assertEquals("and " + (5_000 - shown) + " more invalid fields", last);
    }

    @Test
    void smallRefusalsPassUnchanged() throws InvalidProtocolBufferException {
        StatusRuntimeException small = GrpcErrors.invalid("service", "must not be empty");
        assertEquals(small.getStatus(), BoundedStatus.bounded(small.getStatus()));
        assertEquals("must not be empty", RequestChecksTest.badRequest(new StatusRuntimeException(small.getStatus(),
                BoundedStatus.bounded(small.getTrailers()))).getFieldViolations(0).getDescription());
    }

    private byte[] check(byte[] request) {
        MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("grpc.health.v1.Health/Check")
                .setRequestMarshaller(UnparsableRequests.BYTES).setResponseMarshaller(UnparsableRequests.BYTES).build();
        return ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                request);
    }
}
