package io.crowsnest.platform.identity;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.identity.v1.DeliveryAddress;
import io.crowsnest.identity.v1.GetDeliveryAddressesRequest;
import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.Identity;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.faulttolerance.api.Guard;

/**
 * The one way services ask identity who a person is — never creating anyone. Every call gets the
 * configured deadline, is retried while identity answers UNAVAILABLE (every call made here is
 * idempotent: reads, or writes under the caller's idempotency key), and goes through a circuit
 * breaker, so a failing identity is given a rest instead of a queue of callers each waiting out
 * their deadline. Errors come out the same way in every service:
 * <ul>
 * <li>an unknown or forgotten person: NOT_FOUND with reason PERSON_NOT_FOUND (or an empty answer
 * where the method says so);</li>
 * <li>an identifier identity refuses: INVALID_ARGUMENT on the caller's field;</li>
 * <li>identity unreachable, too slow, or paused by the breaker: UNAVAILABLE with reason
 * IDENTITY_UNAVAILABLE — retry later.</li>
 * </ul>
 */
public final class IdentityCalls {

    /** How calls to identity behave; every service configures these in its own config mapping. */
    public record Settings(Duration deadline, int attempts, Duration retryDelay, int breakerVolume,
            double breakerFailureRatio, Duration breakerPause) {

        public Settings {
            if (deadline.isZero() || deadline.isNegative()) {
                throw new IllegalArgumentException("identity deadline must be positive, got " + deadline);
            }
            if (attempts < 1) {
                throw new IllegalArgumentException("identity attempts must be at least 1, got " + attempts);
            }
        }

        /** A deadline and number of attempts, with the usual retry delay (50 ms) and breaker (half of 20 calls failing pauses 5 s). */
        public static Settings of(Duration deadline, int attempts) {
            return new Settings(deadline, attempts, Duration.ofMillis(50), 20, 0.5, Duration.ofSeconds(5));
        }
    }

    private final IdentityServiceBlockingStub stub;
    private final Settings settings;
    private final String caller;
    private final Guard guard;

    /**
     * @param channel the channel to identity
     * @param caller  the calling service, as requesting_system where identity asks for one
     */
    public IdentityCalls(Channel channel, String caller, Settings settings) {
        this.stub = IdentityServiceGrpc.newBlockingStub(channel);
        this.caller = caller;
        this.settings = settings;
        Guard.Builder builder = Guard.create().withDescription("calls from " + caller + " to identity");
        if (settings.attempts() > 1) {
            builder = builder.withRetry()
                    .maxRetries(settings.attempts() - 1)
                    .delay(settings.retryDelay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(Math.max(1, settings.retryDelay().toMillis() / 2), ChronoUnit.MILLIS)
                    .maxDuration(settings.deadline().multipliedBy(settings.attempts() + 1).toMillis(), ChronoUnit.MILLIS)
                    .whenException(IdentityCalls::unavailable)
                    .done();
        }
        this.guard = builder.withCircuitBreaker()
                .requestVolumeThreshold(settings.breakerVolume())
                .failureRatio(settings.breakerFailureRatio())
                .delay(settings.breakerPause().toMillis(), ChronoUnit.MILLIS)
                .when(IdentityCalls::failing)
                .done()
                .build();
    }

    /** The holder of an identifier; PERSON_NOT_FOUND, INVALID_ARGUMENT on {@code field}, or IDENTITY_UNAVAILABLE. */
    public String lookup(Identifier identifier, String field) {
        try {
            return call(s -> s.lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(identifier).build()))
                    .getPersonId();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw personNotFound("no person holds the " + identifier.getType() + " identifier given in " + field);
            }
            if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                throw GrpcErrors.invalid(field, "identity refused the identifier: " + e.getStatus().getDescription());
            }
            throw e;
        }
    }

    /** The person's identity (the survivor's after a merge), or empty when identity does not know the id or forgot it. */
    public Optional<Identity> identity(String personId) {
        try {
            return Optional.of(call(s -> s.getIdentity(GetIdentityRequest.newBuilder().setPersonId(personId).build()))
                    .getIdentity());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The survivor's id first, then every id merged into it and the id asked for; empty when unknown or forgotten. */
    public Optional<List<String>> family(String personId) {
        return identity(personId).map(found -> {
            Set<String> ids = new LinkedHashSet<>();
            ids.add(found.getPersonId());
            ids.addAll(found.getMergedPersonIdsList());
            ids.add(personId);
            return List.copyOf(ids);
        });
    }

    /** The current id of a person id (the survivor's after a merge); PERSON_NOT_FOUND when unknown or forgotten. */
    public String currentId(String personId) {
        return identity(personId).map(Identity::getPersonId)
                .orElseThrow(() -> personNotFound("identity does not know person " + personId + " (or forgot it)"));
    }

    /** Whether identity knows the id (unknown and forgotten ids are not known). */
    public boolean knows(String personId) {
        return identity(personId).isPresent();
    }

    /** The person's raw delivery addresses for a channel, as identity orders them; PERSON_NOT_FOUND when unknown. */
    public List<DeliveryAddress> deliveryAddresses(String personId, io.crowsnest.common.v1.Channel channel) {
        try {
            return call(s -> s.getDeliveryAddresses(GetDeliveryAddressesRequest.newBuilder().setPersonId(personId)
                    .setChannel(channel).setRequestingSystem(caller).build())).getAddressesList();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw personNotFound("identity does not know person " + personId + " (or forgot it)");
            }
            throw e;
        }
    }

    /**
     * Any identity call, with the deadline, the retries and the breaker. Identity's own answers
     * (NOT_FOUND, INVALID_ARGUMENT, ALREADY_EXISTS…) pass through for the caller to map; identity
     * unreachable, too slow or paused comes out as UNAVAILABLE (IDENTITY_UNAVAILABLE).
     */
    public <T> T call(Function<IdentityServiceBlockingStub, T> call) {
        return call(call, settings.deadline());
    }

    /** As {@link #call(Function)} with a longer deadline for a big request (e.g. a batch). */
    public <T> T call(Function<IdentityServiceBlockingStub, T> call, Duration deadline) {
        try {
            return guard.call(() -> call.apply(stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)),
                    unchecked());
        } catch (StatusRuntimeException e) {
            if (failing(e)) {
                throw GrpcErrors.error(Status.Code.UNAVAILABLE, "IDENTITY_UNAVAILABLE", "identity is unreachable, too slow or "
                        + "failing (" + e.getStatus().getCode() + "); retry later");
            }
            throw e;
        } catch (CircuitBreakerOpenException e) {
            throw GrpcErrors.error(Status.Code.UNAVAILABLE, "IDENTITY_UNAVAILABLE", "identity failed repeatedly; calls "
                    + "to it pause for " + settings.breakerPause().toSeconds() + " s; retry later");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static StatusRuntimeException personNotFound(String message) {
        return GrpcErrors.error(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", message);
    }

    /** Worth another try: identity unreachable or restarting. */
    private static boolean unavailable(Throwable t) {
        return t instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.UNAVAILABLE;
    }

    /** Counts against identity's health: unreachable, out of time, or failing inside. */
    private static boolean failing(Throwable t) {
        if (!(t instanceof StatusRuntimeException e)) {
            return false;
        }
        Status.Code code = e.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.INTERNAL
                || code == Status.Code.UNKNOWN;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> Class<T> unchecked() {
        return (Class) Object.class;
    }
}
