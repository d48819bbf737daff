package io.crowsnest.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.security.Roles;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * Finding a customer by any identifier. The identifier travels in the body — {"type": "email",
 * "value": "jane@example.com", "namespace": ""} — so that no email or phone number ends up in a
 * URL, an access log or a browser history.
 */
@Path("/api/v1/customers/lookup")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
@Blocking
public class CustomerLookupResource {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;

    @Inject
    GatewaySettings settings;

    /** Body: an Identifier in proto3 JSON; answers identity's LookupPersonResponse (404 when nobody has it). */
    @POST
    public Response lookup(String body) {
        Identifier.Builder identifier = ProtoJson.parse(body, Identifier.newBuilder(), true);
        List<Problem.Violation> violations = new ArrayList<>();
        if (identifier.getType().isBlank()) {
            violations.add(new Problem.Violation("type", "is required, e.g. \"email\" (see identity's identifier types)"));
        }
        if (identifier.getValue().isBlank()) {
            violations.add(new Problem.Violation("value", "is required, e.g. \"jane@example.com\""));
        }
        InvalidRequest.throwIfAny(violations);
        identifier.setType(identifier.getType().trim()).setNamespace(identifier.getNamespace().trim());
        return ProtoJson.ok(identity.withDeadlineAfter(settings.profileDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(identifier).build()));
    }
}
