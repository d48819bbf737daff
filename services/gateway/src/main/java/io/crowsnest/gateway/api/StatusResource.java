package io.crowsnest.gateway.api;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.crowsnest.gateway.client.ServiceHealthClient;
import io.crowsnest.gateway.domain.ComponentStatus;
import io.crowsnest.gateway.domain.ServiceHealth;
import io.crowsnest.gateway.domain.SuiteStatus;
import io.crowsnest.gateway.security.Roles;

/**
 * GET /api/v1/status: every service and every store, up or down, assembled by asking each service
 * over gRPC. 200 when everything is up, 503 (same body) when anything is down.
 */
@Path("/api/v1/status")
@RolesAllowed({ Roles.AGENT, Roles.SERVICE })
public class StatusResource {

    private static final Logger LOG = Logger.getLogger(StatusResource.class);

    private final AtomicReference<ComponentStatus> lastStatus = new AtomicReference<>();

    @Inject
    ServiceHealthClient health;

    @Inject
    ManagedExecutor executor;

    @Inject
    Clock clock;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response status() {
        Instant checkedAt = clock.instant();
        List<CompletableFuture<ServiceHealth>> checks = health.serviceNames().stream()
                .map(name -> executor.supplyAsync(() -> health.check(name)))
                .toList();
        SuiteStatus suite = SuiteStatus.of(checkedAt, checks.stream().map(CompletableFuture::join).toList());
        ComponentStatus previous = lastStatus.getAndSet(suite.status());
        if (previous != suite.status()) {
            LOG.infof("suite status %s (was %s); down: %s", suite.status(), previous == null ? "unknown" : previous,
                    suite.services().stream().filter(s -> s.status() == ComponentStatus.DOWN)
                            .map(s -> s.name() + " (" + s.detail() + ")").toList());
        }
        int code = suite.status() == ComponentStatus.UP ? 200 : 503;
        return Response.status(code).entity(suite).build();
    }
}
