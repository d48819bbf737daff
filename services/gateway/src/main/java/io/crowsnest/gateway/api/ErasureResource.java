package io.crowsnest.gateway.api;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowsnest.gateway.domain.Erasure;
import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.security.Roles;
import io.crowsnest.gateway.service.EraseService;
import io.smallrye.common.annotation.Blocking;

/**
 * Administrators erase a customer: {@code POST /api/v1/erasures} with the person and the reason
 * (Idempotency-Key required) has identity forget the person, then every other service; it answers
 * 202 with the erasure's Location, where {@code GET} shows each service's state (asking the
 * pending ones again).
 */
@Path("/api/v1/erasures")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.ADMIN)
public class ErasureResource {

    /** The request body. */
    public record ErasureRequest(String personId, ReasonBody reason) {
    }

    /** Why the customer is erased: a code (e.g. GDPR_ERASURE) and, optionally, a sentence. */
    public record ReasonBody(String code, String message) {
    }

    /** The erasure as answered: state COMPLETE once every service reported the person gone. */
    public record ErasureView(String erasureId, String personId, String state, ReasonBody reason, String requestedBy,
            Instant requestedAt, List<String> forgottenPersonIds, List<ServiceView> services) {
    }

    /** One service's part: ERASED (with when, and whether it had already) or PENDING (with why). */
    public record ServiceView(String service, String state, Instant erasedAt, boolean alreadyForgotten,
            String lastError, int attempts) {
    }

    private static final java.util.regex.Pattern REASON_CODE = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    @Inject
    EraseService erase;
    @Inject
    Caller caller;
    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "202", description = "Accepted: identity forgot the person; the body shows each service's state",
            headers = @Header(name = "Location", description = "the erasure, /api/v1/erasures/{erasureId}"))
    public Response erase(@HeaderParam("Idempotency-Key") String key, String body) {
        List<Problem.Violation> violations = new ArrayList<>();
        RequestParams.requiredHeader(key, "Idempotency-Key", violations);
        ErasureRequest request = parse(body);
        if (request.personId() == null || request.personId().isBlank() || request.personId().length() > 128) {
            violations.add(new Problem.Violation("person_id", "is required, 1 to 128 characters"));
        }
        if (request.reason() == null || request.reason().code() == null
                || !REASON_CODE.matcher(request.reason().code()).matches()) {
            violations.add(new Problem.Violation("reason.code", "is required, upper snake case, e.g. GDPR_ERASURE"));
        }
        InvalidRequest.throwIfAny(violations);
        Erasure erasure = erase.erase(key.trim(), request.personId().trim(), request.reason().code(),
                request.reason().message(), caller.id());
        URI location = UriBuilder.fromResource(ErasureResource.class).path("{erasureId}").build(erasure.id());
        return Response.accepted(view(erasure)).location(location).build();
    }

    @GET
    @Path("{erasureId}")
    public ErasureView erasure(@PathParam("erasureId") String erasureId) {
        return erase.find(erasureId).map(ErasureResource::view)
                .orElseThrow(() -> new NotFoundException("no erasure " + erasureId));
    }

    private ErasureRequest parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidRequest("the request body is required: {\"person_id\": …, \"reason\": {\"code\": …}}",
                    List.of(new Problem.Violation("body", "is required")));
        }
        try {
            return json.readerFor(ErasureRequest.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(body);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            throw new InvalidRequest("the request body is not a valid erasure request: " + why,
                    List.of(new Problem.Violation("body", why)));
        }
    }

    static ErasureView view(Erasure e) {
        List<ServiceView> services = new ArrayList<>();
        e.services().forEach((name, s) -> services.add(new ServiceView(name, s.erased() ? "ERASED" : "PENDING", s.at(),
                s.alreadyForgotten(), s.lastError(), s.attempts())));
        return new ErasureView(e.id(), e.personId(), e.complete() ? "COMPLETE" : "IN_PROGRESS",
                new ReasonBody(e.reasonCode(), e.reasonMessage()), e.requestedBy(), e.requestedAt(),
                e.forgottenPersonIds(), services);
    }
}
