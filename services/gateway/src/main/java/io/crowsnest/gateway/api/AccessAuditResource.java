package io.crowsnest.gateway.api;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.crowsnest.gateway.domain.CustomerAccess;
import io.crowsnest.gateway.security.Roles;
import io.crowsnest.gateway.service.AccessAuditService;
import io.smallrye.common.annotation.Blocking;

/**
 * Supervisors read the access audit: who read which customer, when, by which route and from where,
 * newest first, by agent ({@code agent_id}) or by customer ({@code person_id}), one of them required.
 */
@Path("/api/v1/admin/access-audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SUPERVISOR)
@Blocking
public class AccessAuditResource {

    @Inject
    AccessAuditService audit;

    /** One record, snake_case like every other answer of the API. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Access(String agent_id, String person_id, String route, int status, String client,
            String accessed_at) {
    }

    /** A page of records; next_page_token is absent on the last page. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(List<Access> accesses, String next_page_token) {
    }

    @GET
    public Page list(@QueryParam("agent_id") String agentId, @QueryParam("person_id") String personId,
            @QueryParam("page_size") String pageSize, @QueryParam("page_token") String pageToken) {
        List<Problem.Violation> violations = new ArrayList<>();
        String agent = blankToNull(agentId);
        String person = blankToNull(personId);
        if (agent == null && person == null) {
            violations.add(new Problem.Violation("agent_id", "agent_id or person_id is required"));
        }
        int size = pageSize == null || pageSize.isBlank() ? 50 : (int) RequestParams.number(pageSize, "page_size",
                violations);
        if (size < 1 || size > AccessAuditService.MAX_PAGE) {
            violations.add(new Problem.Violation("page_size", "must be 1 to " + AccessAuditService.MAX_PAGE));
        }
        String token = blankToNull(pageToken);
        if (token != null && !org.bson.types.ObjectId.isValid(token)) {
            violations.add(new Problem.Violation("page_token", "is not one this route answered"));
        }
        InvalidRequest.throwIfAny(violations);
        List<CustomerAccess> found = audit.list(agent, person, token, size);
        List<Access> page = found.stream().map(a -> new Access(a.agentId(), a.personId(), a.route(), a.status(),
                a.client(), a.at().toString())).toList();
        return new Page(page, found.size() == size ? found.get(found.size() - 1).id() : null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
