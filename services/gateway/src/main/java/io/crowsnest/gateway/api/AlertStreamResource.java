package io.crowsnest.gateway.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc.AlertNotificationServiceBlockingStub;
import io.crowsnest.alertnotification.v1.SubscribeAlertsRequest;
import io.crowsnest.alertnotification.v1.SubscribeAlertsResponse;
import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.security.Roles;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * The agent's live feed as server-sent events: every new alert ("alert"), state change
 * ("state_change") and idle heartbeat ("heartbeat") of the agent's inbox and its teams', each event
 * id its feed offset. A browser's EventSource reconnects with Last-Event-ID and gets what it missed.
 * The agent is the signed-in caller (a Bearer token, or the console's session for an EventSource). When
 * the service ends the stream (e.g. OFFSET_EXPIRED, UNAVAILABLE) an "error" event says why before
 * the stream closes; the client reconnects (with Last-Event-ID) or reloads the inbox.
 */
@Path("/api/v1/inbox/stream")
@RolesAllowed(Roles.AGENT)
public class AlertStreamResource {

    @Inject
    Caller caller;

    @GrpcClient("alert-notification")
    AlertNotificationServiceBlockingStub alerts;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public void stream(@HeaderParam("Last-Event-ID") String lastEventId, @QueryParam("after_offset") String afterOffset,
            @Context SseEventSink sink, @Context Sse sse) {
        List<Problem.Violation> violations = new ArrayList<>();
        String agent = caller.id();
        String resume = lastEventId != null && !lastEventId.isBlank() ? lastEventId : afterOffset;
        long after = resume == null || resume.isBlank() ? 0 : RequestParams.number(resume, "Last-Event-ID", violations);
        InvalidRequest.throwIfAny(violations);
        SubscribeAlertsRequest request = SubscribeAlertsRequest.newBuilder().setAgentId(agent).setAfterOffset(after)
                .addAllTeamIds(AlertInboxResource.teamsOf(alerts.withDeadlineAfter(AlertInboxResource.DEADLINE_MILLIS,
                        TimeUnit.MILLISECONDS), agent))
                .build();
        io.grpc.Context.CancellableContext call = io.grpc.Context.current().withCancellation();
        Iterator<SubscribeAlertsResponse> feed;
        io.grpc.Context previous = call.attach();
        try {
            feed = alerts.subscribeAlerts(request);
        } finally {
            call.detach(previous);
        }
        SseRelay.start(feed, call, sink, sse, "live feed of " + agent, AlertStreamResource::event);
    }

    private static OutboundSseEvent event(Sse sse, SubscribeAlertsResponse next) {
        var event = sse.newEventBuilder().mediaType(MediaType.APPLICATION_JSON_TYPE);
        if (next.hasAlert()) {
            event.name("alert").id(Long.toString(next.getAlert().getOffset())).data(ProtoJson.print(next.getAlert()));
        } else if (next.hasStateChange()) {
            event.name("state_change").id(Long.toString(next.getStateChange().getOffset()))
                    .data(ProtoJson.print(next.getStateChange()));
        } else {
            event.name("heartbeat").data(ProtoJson.print(next.getHeartbeat()));
        }
        return event.build();
    }
}
