package io.crowsnest.gateway.console;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import io.crowsnest.gateway.api.AlertStreamResource;
import io.crowsnest.gateway.api.CustomerActivityResource;
import io.crowsnest.gateway.security.Roles;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;

/**
 * The console's live parts as server-sent events over the browser session: the signed-in agent's
 * alerts and the open customer's activity — the same streams the API serves to Bearer clients.
 */
@Path("/console/live")
@RolesAllowed(Roles.AGENT)
public class LiveResource {

    @Inject
    AlertStreamResource alerts;
    @Inject
    CustomerActivityResource activity;

    @GET
    @Path("alerts")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public void alerts(@HeaderParam("Last-Event-ID") String lastEventId, @Context SseEventSink sink,
            @Context Sse sse) {
        alerts.stream(lastEventId, null, sink, sse);
    }

    @GET
    @Path("customers/{personId}/activity")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public void activity(@PathParam("personId") String personId, @HeaderParam("Last-Event-ID") String lastEventId,
            @Context SseEventSink sink, @Context Sse sse, @Context HttpServerRequest http) {
        activity.stream(personId, lastEventId, List.of(), null, sink, sse, http);
    }
}
