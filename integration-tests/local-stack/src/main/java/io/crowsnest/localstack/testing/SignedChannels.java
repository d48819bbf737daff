package io.crowsnest.localstack.testing;

import io.crowsnest.localstack.ServiceAuth;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/**
 * Plaintext gRPC channels for tests that prepare data or check results by calling services
 * directly: when a local stack runs in this JVM, every call is signed as the stack's operator
 * ({@link ServiceAuth#OPERATOR}, allowed every RPC), so the stack's services (auth on) take it; a
 * service under test (auth off in %test) ignores the token.
 */
public final class SignedChannels {

    private SignedChannels() {
    }

    /** A channel to 127.0.0.1:{@code port}. */
    public static ManagedChannel to(int port) {
        return to("127.0.0.1", port);
    }

    /** A channel to {@code host:port}. */
    public static ManagedChannel to(String host, int port) {
        return builder(host, port).build();
    }

    /** A channel builder to {@code host:port}, signing when a stack runs (for more settings). */
    public static ManagedChannelBuilder<?> builder(String host, int port) {
        ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forAddress(host, port).usePlaintext();
        ServiceAuth.latest().ifPresent(auth -> builder.intercept(auth.as(ServiceAuth.OPERATOR)));
        return builder;
    }
}
