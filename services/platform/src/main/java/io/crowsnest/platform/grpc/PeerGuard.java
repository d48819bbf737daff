package io.crowsnest.platform.grpc;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.faulttolerance.api.Guard;

/**
 * Calls to one peer service (identity, profile, scoring, contact-governance...), the same way from
 * every service: a call the peer could not take — UNAVAILABLE, or out of time — is tried again up
 * to the configured attempts with a short jittered pause (so every call made through a guard must
 * be safe to repeat: a read, or a write under an idempotency key), and a circuit breaker gives a
 * failing peer a rest instead of a queue of callers each waiting out their deadline. The peer's
 * own answers (NOT_FOUND, INVALID_ARGUMENT, ALREADY_EXISTS...) pass through for the caller to map;
 * a peer still away comes out as UNAVAILABLE with the reason {@code <PEER>_UNAVAILABLE}
 * (e.g. IDENTITY_UNAVAILABLE). The caller sets the deadline on each stub call.
 */
public final class PeerGuard {

    /** How calls to a peer are retried and when the breaker opens; every service configures these. */
    public record Settings(int attempts, Duration retryDelay, int breakerVolume, double breakerFailureRatio,
            Duration breakerPause) {

        public Settings {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
            }
            if (breakerVolume < 1 || breakerFailureRatio <= 0 || breakerFailureRatio > 1) {
                throw new IllegalArgumentException("the breaker needs a volume >= 1 and a failure ratio in (0, 1]");
            }
        }

        /** {@code attempts} tries 50 ms apart; half of the last 20 calls failing pauses calls for 5 s. */
        public static Settings attempts(int attempts) {
            return new Settings(attempts, Duration.ofMillis(50), 20, 0.5, Duration.ofSeconds(5));
        }
    }

    private final String peer;
    private final String reason;
    private final Settings settings;
    private final Guard guard;

    public PeerGuard(String peer, Settings settings) {
        this.peer = peer;
        this.reason = peer.toUpperCase(Locale.ROOT).replace('-', '_') + "_UNAVAILABLE";
        this.settings = settings;
        Guard.Builder builder = Guard.create().withDescription("calls to " + peer);
        if (settings.attempts() > 1) {
            builder = builder.withRetry()
                    .maxRetries(settings.attempts() - 1)
                    .delay(settings.retryDelay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(Math.max(1, settings.retryDelay().toMillis() / 2), ChronoUnit.MILLIS)
                    .whenException(PeerGuard::worthRetrying)
                    .done();
        }
        this.guard = builder.withCircuitBreaker()
                .requestVolumeThreshold(settings.breakerVolume())
                .failureRatio(settings.breakerFailureRatio())
                .delay(settings.breakerPause().toMillis(), ChronoUnit.MILLIS)
                .when(PeerGuard::failing)
                .done()
                .build();
    }

    /** The reason code this guard reports when the peer is away, e.g. IDENTITY_UNAVAILABLE. */
    public String reason() {
        return reason;
    }

    /** Runs the call with retries and the breaker. */
    public <T> T call(Supplier<T> rpc) {
        try {
            return guard.get(rpc, PeerGuard.<T>anyType());
        } catch (StatusRuntimeException e) {
            if (failing(e)) {
                throw unavailable(e.getStatus().getCode());
            }
            throw e;
        } catch (CircuitBreakerOpenException e) {
            throw GrpcErrors.error(Status.Code.UNAVAILABLE, reason, peer + " failed repeatedly; calls to it pause for "
                    + settings.breakerPause().toSeconds() + " s; retry later");
        }
    }

    /** The error of a peer that could not be reached with this status code. */
    public StatusRuntimeException unavailable(Status.Code code) {
        return GrpcErrors.error(Status.Code.UNAVAILABLE, reason, peer + " is unreachable, too slow or failing (" + code
                + "); retry later");
    }

    /** The peer could not take the call: try again. */
    private static boolean worthRetrying(Throwable t) {
        return t instanceof StatusRuntimeException e && (e.getStatus().getCode() == Status.Code.UNAVAILABLE
                || e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED);
    }

    /** Counts against the peer's health: unreachable, out of time, or failing inside. */
    private static boolean failing(Throwable t) {
        if (!(t instanceof StatusRuntimeException e)) {
            return false;
        }
        Status.Code code = e.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.INTERNAL
                || code == Status.Code.UNKNOWN;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> Class<T> anyType() {
        return (Class) Object.class;
    }
}
