package io.crowsnest.gateway.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc.AlertNotificationServiceBlockingStub;
import io.crowsnest.alertnotification.v1.SubscribeCustomerActivityRequest;
import io.crowsnest.alertnotification.v1.SubscribeCustomerActivityResponse;
import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.security.Roles;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * The live activity of the customer an agent has open, as server-sent events: the customer's recent
 * events then each new one ("event", id = its cursor), each crossing of a watched score threshold
 * ("score_crossing") and idle heartbeats ("heartbeat"). Thresholds are ?threshold=name:value,
 * repeated (e.g. threshold=churn_risk:0.7); ?replay=N recent events first (default 10). A
 * reconnecting EventSource sends Last-Event-ID and gets what came after it. When the service ends
 * the stream an "error" event says why.
 */
@Path("/api/v1/customers/{personId}")
@RolesAllowed(Roles.AGENT)
public class CustomerActivityResource {

    @Inject
    Caller caller;
    @Inject
    io.crowsnest.gateway.service.AccessAuditService audit;

    @GrpcClient("alert-notification")
    AlertNotificationServiceBlockingStub alerts;

    @GET
    @Path("activity")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public void stream(@PathParam("personId") String personId, @HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("threshold") List<String> thresholds, @QueryParam("replay") String replay,
            @Context SseEventSink sink, @Context Sse sse, @Context io.vertx.core.http.HttpServerRequest http) {
        List<Problem.Violation> violations = new ArrayList<>();
        String agent = caller.id();
        SubscribeCustomerActivityRequest.Builder request = SubscribeCustomerActivityRequest.newBuilder()
                .setPersonId(personId).setAgentId(agent == null ? "" : agent)
                .setAfterCursor(lastEventId == null ? "" : lastEventId.strip());
        if (replay != null && !replay.isBlank()) {
            request.setReplayLimit((int) RequestParams.number(replay, "replay", violations));
        }
        for (String t : RequestParams.values(thresholds)) {
            int colon = t.lastIndexOf(':');
            try {
                if (colon <= 0) {
                    throw new NumberFormatException("no name");
                }
                request.putScoreThresholds(t.substring(0, colon), Double.parseDouble(t.substring(colon + 1)));
            } catch (NumberFormatException e) {
                violations.add(new Problem.Violation("threshold", "'" + t + "' is not name:number"));
            }
        }
        InvalidRequest.throwIfAny(violations);
        audit.record(agent, personId, "GET /api/v1/customers/{personId}/activity", 200, AccessAuditFilter.client(http));
        io.grpc.Context.CancellableContext call = io.grpc.Context.current().withCancellation();
        Iterator<SubscribeCustomerActivityResponse> feed;
        io.grpc.Context previous = call.attach();
        try {
            feed = alerts.subscribeCustomerActivity(request.build());
            feed.hasNext();
        } catch (RuntimeException e) {
            call.cancel(null);
            throw e;
        } finally {
            call.detach(previous);
        }
        SseRelay.start(feed, call, sink, sse, "activity of " + personId, CustomerActivityResource::event);
    }

    private static OutboundSseEvent event(Sse sse, SubscribeCustomerActivityResponse next) {
        var event = sse.newEventBuilder().mediaType(MediaType.APPLICATION_JSON_TYPE);
        if (next.hasEvent()) {
            event.name("event").id(next.getEvent().getCursor()).data(ProtoJson.print(next.getEvent().getEvent()));
        } else if (next.hasScoreCrossing()) {
            event.name("score_crossing").data(ProtoJson.print(next.getScoreCrossing()));
        } else {
            event.name("heartbeat").data(ProtoJson.print(next.getHeartbeat()));
        }
        return event.build();
    }
}
