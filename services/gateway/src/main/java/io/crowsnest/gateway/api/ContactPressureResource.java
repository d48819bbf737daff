package io.crowsnest.gateway.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.google.protobuf.Timestamp;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.gateway.client.ContactPressureClient;
import io.crowsnest.gateway.security.Roles;
import io.crowsnest.platform.grpc.Timestamps;
import io.smallrye.common.annotation.Blocking;

/**
 * Supervisors read the contact pressure: every contact contact governance's ledger holds in a
 * window ({@code from} inclusive, {@code to} exclusive, RFC 3339 UTC; by default the last 7 days,
 * at most 92), by division and channel, with the distinct persons reached, whatever made the
 * contact (campaigns, agents, other systems); optionally only some divisions and channels.
 */
@Path("/api/v1/contact-pressure")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SUPERVISOR)
@Blocking
public class ContactPressureResource {

    private static final String CHANNEL_PREFIX = "CHANNEL_";

    @Inject
    ContactPressureClient pressure;
    @Inject
    Clock clock;

    @GET
    public Response get(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("division") List<String> divisions, @QueryParam("channel") List<String> channels) {
        List<Problem.Violation> violations = new ArrayList<>();
        Timestamp start = RequestParams.instant(from, "from", violations);
        Timestamp end = RequestParams.instant(to, "to", violations);
        List<Channel> asked = RequestParams.enums(RequestParams.values(channels), Channel.class, CHANNEL_PREFIX,
                "channel", violations);
        InvalidRequest.throwIfAny(violations);
        Instant until = end == null ? clock.instant() : Timestamps.instant(end);
        Instant since = start == null ? until.minus(ContactPressureClient.DEFAULT_WINDOW) : Timestamps.instant(start);
        if (!until.isAfter(since)) {
            violations.add(new Problem.Violation("to", "must be after from (" + since + "), got " + until));
        } else if (Duration.between(since, until).compareTo(ContactPressureClient.MAX_WINDOW) > 0) {
            violations.add(new Problem.Violation("to", "must be at most "
                    + ContactPressureClient.MAX_WINDOW.toDays() + " days after from (" + since + "), got " + until));
        }
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(pressure.pressure(since, until, RequestParams.values(divisions), asked));
    }
}
