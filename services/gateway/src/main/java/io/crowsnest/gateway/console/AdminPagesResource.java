package io.crowsnest.gateway.console;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.crowsnest.gateway.api.AccessAuditResource;
import io.crowsnest.gateway.api.PolicyAdminResource;
import io.crowsnest.gateway.api.ScoringAdminResource;
import io.crowsnest.gateway.security.Roles;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/**
 * Pages beyond an agent's: the access audit for supervisors (who read which customer), and the
 * contact policies and scoring plans in force for admins.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class AdminPagesResource {

    @Inject
    ConsoleResource console;
    @Inject
    AccessAuditResource audit;
    @Inject
    PolicyAdminResource policies;
    @Inject
    ScoringAdminResource scoring;

    @Location("console/audit.html")
    Template auditPage;
    @Location("console/admin.html")
    Template adminPage;

    @GET
    @Path("audit")
    @RolesAllowed(Roles.SUPERVISOR)
    public TemplateInstance audit(@QueryParam("agent_id") String agentId, @QueryParam("person_id") String personId) {
        boolean asked = (agentId != null && !agentId.isBlank()) || (personId != null && !personId.isBlank());
        Map<String, Object> records = asked ? Views.section(() -> audit.list(agentId, personId, "100", null))
                : Map.of();
        return auditPage.data("user", console.user()).data("records", records)
                .data("agentId", agentId == null ? "" : agentId).data("personId", personId == null ? "" : personId);
    }

    @GET
    @Path("admin")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance admin() {
        return adminPage.data("user", console.user())
                .data("policies", Views.section(() -> policies.policies(null, null)))
                .data("plans", Views.section(() -> scoring.plans(null, null)));
    }
}
