package io.crowsnest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.identity.v1.ForgetPersonRequest;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.ServiceAuth;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Service-to-service authentication between the stack's real processes: identity (auth on, as in a
 * cluster) lets in a caller its allow-list names for the RPC, and refuses a call without a token,
 * with a forged, expired or misaddressed token (UNAUTHENTICATED) and a verified caller the
 * allow-list does not name for that RPC (PERMISSION_DENIED) — each saying why. That the rest of the
 * suite works at all shows the services' own calls to each other are signed and allowed.
 *
 * <p>Run by {@link SuiteEndToEndTest} against the stack it started.
 */
final class ServiceAuthAcrossServices {

    private static final String FORGET = "crowsnest.identity.v1.IdentityService/ForgetPerson";

    private ServiceAuthAcrossServices() {
    }

    static void run(LocalStack stack) {
        ServiceAuth auth = stack.serviceAuth();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", stack.grpcPort("identity"))
                .usePlaintext().build();
        try {
            Function<ClientInterceptor, IdentityServiceBlockingStub> identity = signer -> IdentityServiceGrpc
                    .newBlockingStub(channel).withInterceptors(signer).withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS);
            ResolvePersonRequest resolve = ResolvePersonRequest.newBuilder().setRequestingSystem("web-login")
                    .setIdempotencyKey(UUID.randomUUID().toString())
                    .addIdentifiers(Identifier.newBuilder().setType("email")
                            .setValue("auth." + UUID.randomUUID().toString().substring(0, 8) + "@example.com"))
                    .build();

            // profile resolves identities: allowed, and the call reaches identity's code
            assertFalse(identity.apply(auth.as("profile")).resolvePerson(resolve).getPersonId().isEmpty());

            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> IdentityServiceGrpc.newBlockingStub(channel).resolvePerson(resolve));
            assertRefused(refused, Status.Code.UNAUTHENTICATED, "CALLER_UNAUTHENTICATED", "carries no service token");

            // decisioning is a real caller of identity, but not of ForgetPerson
            refused = assertThrows(StatusRuntimeException.class, () -> identity.apply(auth.as("decisioning"))
                    .forgetPerson(ForgetPersonRequest.newBuilder().setPersonId("p-1").build()));
            assertRefused(refused, Status.Code.PERMISSION_DENIED, "CALLER_NOT_ALLOWED",
                    "decisioning may not call " + FORGET);

            // decisioning's key, but claiming to be the gateway (which may erase)
            refused = assertThrows(StatusRuntimeException.class, () -> identity.apply(auth.forgery("gateway", "decisioning"))
                    .forgetPerson(ForgetPersonRequest.newBuilder().setPersonId("p-1").build()));
            assertRefused(refused, Status.Code.UNAUTHENTICATED, "CALLER_UNAUTHENTICATED",
                    "does not verify with gateway's public key");

            String expired = auth.as("profile").sign("identity", Instant.now().minus(Duration.ofMinutes(5)),
                    Duration.ofSeconds(60));
            refused = assertThrows(StatusRuntimeException.class, () -> identity.apply(bearer(expired)).resolvePerson(resolve));
            assertRefused(refused, Status.Code.UNAUTHENTICATED, "CALLER_UNAUTHENTICATED", "expired at");

            String forProfile = auth.as("scoring").sign("profile", Instant.now(), Duration.ofSeconds(60));
            refused = assertThrows(StatusRuntimeException.class, () -> identity.apply(bearer(forProfile)).resolvePerson(resolve));
            assertRefused(refused, Status.Code.UNAUTHENTICATED, "CALLER_UNAUTHENTICATED", "meant for profile, not identity");
        } finally {
            channel.shutdownNow();
        }
    }

    private static void assertRefused(StatusRuntimeException e, Status.Code code, String reason, String says) {
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertTrue(status != null && status.getDetailsList().stream().anyMatch(d -> d.toString().contains(reason)),
                "ErrorInfo reason " + reason + " in " + status);
        assertTrue(e.getStatus().getDescription().contains(says), e.getStatus().getDescription());
    }

    private static ClientInterceptor bearer(String token) {
        Metadata.Key<String> authorization = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<R> listener, Metadata headers) {
                        headers.put(authorization, "Bearer " + token);
                        super.start(listener, headers);
                    }
                };
            }
        };
    }
}
