package io.crowsnest.profile.client;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.Identity;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.profile.config.ProfileConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/**
 * Calls to identity, each with a deadline, retried while identity answers UNAVAILABLE (every call
 * here is idempotent: reads, or ResolvePerson under its idempotency key). Errors come out as profile's
 * contract names them: field paths of the caller's request, PERSON_NOT_FOUND, IDENTITY_UNAVAILABLE.
 */
@ApplicationScoped
public class IdentityClient {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;
    @Inject
    ProfileConfig config;

    /**
     * Resolves the identifiers of an event. Identity's bad-field paths are those of the request it got;
     * {@code path} turns them into the caller's. ALREADY_EXISTS (the key reused) is the caller's to map.
     */
    public ResolvePersonResponse resolve(ResolvePersonRequest request, UnaryOperator<String> path) {
        return call(stub -> stub.resolvePerson(request), path);
    }

    /**
     * The person holding an identifier given at {@code field} (e.g. "person.identifier");
     * PERSON_NOT_FOUND when nobody does.
     */
    public String lookup(Identifier identifier, String field) {
        try {
            return call(stub -> stub.lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(identifier).build()),
                    f -> f.startsWith("identifier") ? field + f.substring("identifier".length()) : field)
                    .getPersonId();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw IdentityErrors.personNotFound("no person holds the " + identifier.getType()
                        + " identifier given in " + field);
            }
            throw e;
        }
    }

    /** A person's identity (the survivor's for a merged-away id), or empty when identity knows no such person. */
    public Optional<Identity> identity(String personId) {
        try {
            return Optional.of(call(stub -> stub.getIdentity(GetIdentityRequest.newBuilder().setPersonId(personId)
                    .build()), f -> "person_id").getIdentity());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private <T> T call(Function<IdentityServiceBlockingStub, T> rpc, UnaryOperator<String> path) {
        for (int attempt = 1;; attempt++) {
            try {
                return rpc.apply(identity.withDeadlineAfter(config.identityDeadline().toMillis(), TimeUnit.MILLISECONDS));
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (code == Status.Code.UNAVAILABLE && attempt < config.identityAttempts()) {
                    pause(100L * attempt);
                    continue;
                }
                throw switch (code) {
                    case INVALID_ARGUMENT -> IdentityErrors.invalid(e, path);
                    case NOT_FOUND, ALREADY_EXISTS, ABORTED, FAILED_PRECONDITION -> e;
                    default -> IdentityErrors.unavailable(e);
                };
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GrpcErrors.error(Status.Code.UNAVAILABLE, "IDENTITY_UNAVAILABLE", "interrupted while retrying identity");
        }
    }
}
