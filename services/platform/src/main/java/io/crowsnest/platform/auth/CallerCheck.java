package io.crowsnest.platform.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.Startup;

/**
 * Lets a gRPC call in only with a verified caller the allow-list names for that RPC: no or a bad
 * token is UNAUTHENTICATED (reason CALLER_UNAUTHENTICATED), a caller not allowed the RPC is
 * PERMISSION_DENIED (reason CALLER_NOT_ALLOWED), both before any of the service's code runs.
 * Health checks and (when on) reflection stay open. Off when crowsnest.service-auth.enabled=false.
 */
@ApplicationScoped
@GlobalInterceptor
@Startup
public class CallerCheck implements ServerInterceptor {

    /** The verified caller of the current call, for the service's code and logs. */
    public static final Context.Key<String> CALLER = Context.key("crowsnest-caller");

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);
    static final String BEARER = "Bearer ";
    private static final Set<String> OPEN_SERVICES = Set.of("grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");
    private static final int MAX_REMEMBERED_TOKENS = 4096;
    private static final Logger LOG = Logger.getLogger(CallerCheck.class);

    private final boolean enabled;
    private final String self;
    private final ServiceAuthConfig config;
    private final Clock clock;
    private final AllowList allowList;
    /** Each caller's public keys: the current one first, the previous one during a rotation. */
    private final Map<String, List<PublicKey>> callers;
    /** Tokens already verified, so a caller's cached token costs one signature check, not one per call. */
    private final Map<String, ServiceTokens.Caller> verified = new ConcurrentHashMap<>();

    @Inject
    public CallerCheck(ServiceAuthConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.self = config.name();
        this.enabled = config.enabled();
        if (!enabled) {
            allowList = new AllowList(Map.of());
            callers = Map.of();
            return;
        }
        // fail closed: a service that should check its callers but cannot does not start
        allowList = AllowList.parse(config.allow().orElseThrow(() -> new IllegalStateException(
                "service auth is on but " + self + " has no allow-list (CROWSNEST_SERVICE_AUTH_ALLOW, rendered by the"
                        + " chart from services.<caller>.calls); set crowsnest.service-auth.enabled=false only"
                        + " outside clusters")));
        try {
            callers = Map.copyOf(ServiceKeys.readCallerKeys(config.callersDir().orElseThrow(() ->
                    new IllegalStateException("service auth is on but " + self + " has no directory of its callers'"
                            + " public keys (CROWSNEST_SERVICE_AUTH_CALLERS_DIR)"))));
        } catch (IOException e) {
            throw new UncheckedIOException("service auth: cannot read the callers' public keys: " + e.getMessage(), e);
        }
        for (String caller : allowList.callers()) {
            if (!callers.containsKey(caller)) {
                LOG.warnf("service auth: the allow-list names %s but no public key of it is given: its calls are refused",
                        caller);
            }
        }
        LOG.infof("service auth: %s takes calls from %s", self, allowList.rpcsByCaller().keySet());
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (!enabled || OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        String caller;
        try {
            caller = caller(headers.get(AUTHORIZATION));
        } catch (ServiceTokens.Refused e) {
            return refuse(call, GrpcErrors.error(Status.Code.UNAUTHENTICATED, "CALLER_UNAUTHENTICATED",
                    self + " refused a call to " + method + ": " + e.getMessage(), Map.of("method", method)));
        }
        if (!allowList.allows(caller, method)) {
            return refuse(call, GrpcErrors.error(Status.Code.PERMISSION_DENIED, "CALLER_NOT_ALLOWED",
                    caller + " may not call " + method, Map.of("caller", caller, "method", method)));
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }

    private String caller(String authorization) throws ServiceTokens.Refused {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new ServiceTokens.Refused("the call carries no service token (metadata authorization: Bearer <token>)");
        }
        String token = authorization.substring(BEARER.length()).strip();
        ServiceTokens.Caller known = verified.get(token);
        if (known != null && known.expires().isAfter(clock.instant().minus(config.clockSkew()))) {
            return known.name();
        }
        ServiceTokens.Caller caller = ServiceTokens.verifyWithAny(token, callers, self, clock.instant(), config.clockSkew());
        if (verified.size() >= MAX_REMEMBERED_TOKENS) {
            verified.clear();
        }
        verified.put(token, caller);
        return caller.name();
    }

    private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, StatusRuntimeException refusal) {
        LOG.warn(refusal.getStatus().getCode() + ": " + refusal.getStatus().getDescription());
        Metadata trailers = refusal.getTrailers() == null ? new Metadata() : refusal.getTrailers();
        call.close(refusal.getStatus(), trailers);
        return new ServerCall.Listener<>() {
        };
    }
}
