package io.crowsnest.contactgovernance.client;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.contactgovernance.config.GovernanceConfig;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.PersonNotFound;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/** Resolves an identifier to a person through identity, never creating one. */
@ApplicationScoped
public class IdentityClient {

    @GrpcClient("identity")
    IdentityServiceGrpc.IdentityServiceBlockingStub identity;
    @Inject
    GovernanceConfig config;

    /** The person id holding the identifier; NOT_FOUND, INVALID_ARGUMENT or UNAVAILABLE otherwise. */
    public String lookup(Identifier identifier, String field) {
        try {
            return identity.withDeadlineAfter(config.identityDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(identifier).build()).getPersonId();
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND) {
                throw new PersonNotFound("no person holds the " + identifier.getType() + " identifier given in " + field);
            }
            if (code == Status.Code.INVALID_ARGUMENT) {
                throw GovernanceException.invalid(field,
                        "identity rejected the identifier: " + e.getStatus().getDescription());
            }
            String why = code == Status.Code.UNIMPLEMENTED ? "identity cannot look identifiers up yet"
                    : "identity is unreachable (" + code + ")";
            throw new GovernanceException(GovernanceException.Kind.UNAVAILABLE, "IDENTITY_UNAVAILABLE",
                    why + "; pass person_id instead or retry later");
        }
    }
}
