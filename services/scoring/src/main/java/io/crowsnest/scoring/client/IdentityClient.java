package io.crowsnest.scoring.client;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.Identity;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.scoring.config.ScoringConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/**
 * Asks identity who a person is: the holder of an identifier (LookupPerson) and the persons merged
 * into one (GetIdentity), never creating anything; a deadline on every call.
 */
@ApplicationScoped
public class IdentityClient {

    @GrpcClient("identity")
    IdentityServiceGrpc.IdentityServiceBlockingStub identity;
    @Inject
    ScoringConfig config;

    /**
     * The person's survivor and every id merged into it (the id asked for included), or empty
     * when identity does not know the id (never did, or forgot it); UNAVAILABLE otherwise.
     */
    public Optional<List<String>> family(String personId) {
        try {
            Identity found = identity.withDeadlineAfter(config.identityDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .getIdentity(GetIdentityRequest.newBuilder().setPersonId(personId).build()).getIdentity();
            Set<String> ids = new LinkedHashSet<>();
            ids.add(found.getPersonId());
            ids.addAll(found.getMergedPersonIdsList());
            ids.add(personId);
            return Optional.of(List.copyOf(ids));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw unavailable(e.getStatus().getCode(), "look the person up");
        }
    }

    /** The person id; NOT_FOUND (PERSON_NOT_FOUND), INVALID_ARGUMENT on field or UNAVAILABLE otherwise. */
    public String lookup(Identifier identifier, String field) {
        try {
            return identity.withDeadlineAfter(config.identityDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(identifier).build()).getPersonId();
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND) {
                throw GrpcErrors.error(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND",
                        "no person holds the " + identifier.getType() + " identifier given in " + field);
            }
            if (code == Status.Code.INVALID_ARGUMENT) {
                throw GrpcErrors.invalid(field, "identity refused the identifier: " + e.getStatus().getDescription());
            }
            throw unavailable(code, "resolve the identifier");
        }
    }

    private static StatusRuntimeException unavailable(Status.Code code, String what) {
        return GrpcErrors.error(Status.Code.UNAVAILABLE, "IDENTITY_UNAVAILABLE", "identity could not " + what + " ("
                + code + "); retry later");
    }
}
