package io.crowsnest.platform.identity;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.identity.v1.DeliveryAddress;
import io.crowsnest.identity.v1.GetDeliveryAddressesRequest;
import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.Identity;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.PeerGuard;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The one way services ask identity who a person is — never creating anyone. Every call gets the
 * configured deadline and goes through a {@link PeerGuard}: retried while identity cannot take it
 * (every call made here is idempotent: reads, or writes under the caller's idempotency key), and a
 * circuit breaker gives a failing identity a rest instead of a queue of callers each waiting out
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

    private final IdentityServiceBlockingStub stub;
    private final Duration deadline;
    private final String caller;
    private final PeerGuard guard;

    /**
     * @param channel  the channel to identity
     * @param caller   the calling service, as requesting_system where identity asks for one
     * @param deadline the deadline of each call
     * @param settings retries and breaker
     */
    public IdentityCalls(Channel channel, String caller, Duration deadline, PeerGuard.Settings settings) {
        if (deadline.isZero() || deadline.isNegative()) {
            throw new IllegalArgumentException("identity deadline must be positive, got " + deadline);
        }
        this.stub = IdentityServiceGrpc.newBlockingStub(channel);
        this.caller = caller;
        this.deadline = deadline;
        this.guard = new PeerGuard("identity", settings);
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
     * (NOT_FOUND, INVALID_ARGUMENT, ALREADY_EXISTS...) pass through for the caller to map; identity
     * unreachable, too slow or paused comes out as UNAVAILABLE (IDENTITY_UNAVAILABLE).
     */
    public <T> T call(Function<IdentityServiceBlockingStub, T> call) {
        return call(call, deadline);
    }

    /** As {@link #call(Function)} with a longer deadline for a big request (e.g. a batch). */
    public <T> T call(Function<IdentityServiceBlockingStub, T> call, Duration deadline) {
        return guard.call(() -> call.apply(stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)));
    }

    private static StatusRuntimeException personNotFound(String message) {
        return GrpcErrors.error(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", message);
    }
}
