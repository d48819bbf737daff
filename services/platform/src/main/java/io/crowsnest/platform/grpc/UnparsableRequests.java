package io.crowsnest.platform.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import com.google.protobuf.InvalidProtocolBufferException;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;

/**
 * A request whose bytes are not a valid message of the RPC's request type (cut short, garbage, bad
 * UTF-8 in a string, nested too deep) is refused as INVALID_ARGUMENT with reason MALFORMED_REQUEST,
 * before any of the service's code runs. Left to grpc-java, a parse failure answers UNKNOWN
 * ("Application error processing RPC"), which callers would take for a bug of ours. Every gRPC
 * service binds through {@link #guard}: {@code bindService()} returns
 * {@code UnparsableRequests.guard(super.bindService())}.
 */
public final class UnparsableRequests {

    private UnparsableRequests() {
    }

    /**
     * The service with requests parsed under the guard (method names, schema and handlers
     * unchanged). The transport hands over each message's bytes, copied at once (a handler may run
     * later on a worker thread, when the transport's own buffer is gone); the guard parses them.
     */
    public static ServerServiceDefinition guard(ServerServiceDefinition service) {
        return ServerInterceptors.intercept(ServerInterceptors.useMarshalledMessages(service, BYTES), GUARD);
    }

    /** A message as its bytes, copied at once (also how the tests send raw bytes). */
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("could not read a message").withCause(e).asRuntimeException();
            }
        }
    };

    /** A method reference, not a class: Quarkus would list an interceptor class as unused at build time. */
    private static final ServerInterceptor GUARD = UnparsableRequests::interceptCall;

    private static <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                if (refused) {
                    return;
                }
                try {
                    super.onMessage(message);
                } catch (StatusRuntimeException e) {
                    if (!(e.getCause() instanceof InvalidProtocolBufferException cause)) {
                        throw e;
                    }
                    refused = true;
                    StatusRuntimeException refusal = GrpcErrors.error(Status.Code.INVALID_ARGUMENT,
                            "MALFORMED_REQUEST", "the request is not a valid " + requestType(call) + " message: "
                                    + cause.getMessage());
                    call.close(refusal.getStatus(), refusal.getTrailers());
                }
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }

            @Override
            public void onReady() {
                if (!refused) {
                    super.onReady();
                }
            }
        };
    }

    private static String requestType(ServerCall<?, ?> call) {
        if (call.getMethodDescriptor().getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier method) {
            return method.getMethodDescriptor().getInputType().getFullName();
        }
        return call.getMethodDescriptor().getFullMethodName() + " request";
    }
}
