package io.crowsnest.gateway.api;

import java.lang.reflect.Method;

import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.service.AccessAuditService;
import io.vertx.core.http.HttpServerRequest;

/**
 * Records each answered call of an {@link AuditedRead} route in the access audit, refused ones
 * included (a 404 for a guessed id is worth knowing). Runs on the route's worker thread.
 */
public class AccessAuditFilter {

    @Inject
    AccessAuditService audit;
    @Inject
    Caller caller;

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource,
            HttpServerRequest http) {
        Method method = resource.getResourceMethod();
        if (method == null || !method.isAnnotationPresent(AuditedRead.class)
                || response.getStatus() == 401 || response.getStatus() == 403) {
            return;
        }
        String personId = request.getUriInfo().getPathParameters().getFirst("personId");
        audit.record(caller.id(), personId, request.getMethod() + " " + template(resource), response.getStatus(),
                client(http));
    }

    /** The route as declared, e.g. /api/v1/customers/{personId}/scores. */
    static String template(ResourceInfo resource) {
        Path type = resource.getResourceClass().getAnnotation(Path.class);
        Path method = resource.getResourceMethod().getAnnotation(Path.class);
        return (type == null ? "" : type.value()) + (method == null ? "" : "/" + method.value());
    }

    /** The client's address as the gateway sees it (behind an Ingress: with proxy address forwarding on). */
    public static String client(HttpServerRequest http) {
        return http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress();
    }
}
