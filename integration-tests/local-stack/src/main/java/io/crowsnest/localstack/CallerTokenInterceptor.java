package io.crowsnest.localstack;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Signs each gRPC call as one caller of the local stack, the way a Crowsnest service signs its own
 * (platform's CallerTokens): an ES256 JWT naming the caller and the called service, for 60 s,
 * renewed after 30 s, in metadata {@code authorization: Bearer}. For tests, benchmarks and people
 * calling the stack's services directly; add it with {@code channelBuilder.intercept(...)}.
 */
public final class CallerTokenInterceptor implements ClientInterceptor {

    static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);

    private record Token(String value, Instant renewAt) {
    }

    private final String caller;
    private final PrivateKey key;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    CallerTokenInterceptor(String caller, PrivateKey key) {
        this.caller = caller;
        this.key = key;
    }

    PrivateKey key() {
        return key;
    }

    /** The caller this interceptor signs as. */
    public String caller() {
        return caller;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        String token = token(serviceOf(method.getServiceName()));
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                headers.put(AUTHORIZATION, "Bearer " + token);
                super.start(listener, headers);
            }
        };
    }

    /** A current token of this caller for calls to {@code audience} (a service name). */
    public String token(String audience) {
        Instant now = Instant.now();
        Token current = tokens.get(audience);
        if (current == null || !now.isBefore(current.renewAt())) {
            current = new Token(sign(audience, now, LIFETIME), now.plus(LIFETIME.dividedBy(2)));
            tokens.put(audience, current);
        }
        return current.value();
    }

    /** A token as this caller would sign it, with any audience, issue time and lifetime (to test refusals). */
    public String sign(String audience, Instant issuedAt, Duration lifetime) {
        return ServiceTokenSigner.sign(key, caller, audience, issuedAt, lifetime);
    }

    /** crowsnest.contactgovernance.v1.ContactGovernanceService -> contact-governance. */
    static String serviceOf(String grpcService) {
        String[] parts = grpcService.split("\\.");
        String compact = parts.length > 1 ? parts[1] : grpcService;
        return ServiceSpec.ALL.stream().map(ServiceSpec::name).filter(n -> n.replace("-", "").equals(compact))
                .findFirst().orElse(compact);
    }
}
