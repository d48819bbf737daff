package io.crowsnest.gateway.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.TimeRange;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub;
import io.crowsnest.contactgovernance.v1.GetContactPressureRequest;
import io.crowsnest.contactgovernance.v1.GetContactPressureResponse;
import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.platform.grpc.Timestamps;
import io.quarkus.grpc.GrpcClient;

/**
 * Contact governance's contact pressure (GetContactPressure): every contact its ledger holds in a
 * window, by division and channel, with the distinct persons reached. A failure throws the call's
 * StatusRuntimeException.
 */
@ApplicationScoped
public class ContactPressureClient {

    /** The window shown when none is asked: the last 7 days. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    /** The longest window contact governance counts at once. */
    public static final Duration MAX_WINDOW = Duration.ofDays(92);

    @GrpcClient("contact-governance")
    ContactGovernanceServiceBlockingStub governance;
    @Inject
    GatewaySettings settings;

    /** Contacts in [from, to) of these divisions and channels (empty lists mean all). */
    public GetContactPressureResponse pressure(Instant from, Instant to, List<String> divisions,
            List<Channel> channels) {
        GetContactPressureRequest.Builder request = GetContactPressureRequest.newBuilder()
                .setWindow(TimeRange.newBuilder().setStart(Timestamps.of(from)).setEnd(Timestamps.of(to)))
                .addAllChannels(channels);
        divisions.forEach(d -> request.addDivisions(DivisionRef.newBuilder().setId(d)));
        return governance.withDeadlineAfter(settings.governanceDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .getContactPressure(request.build());
    }
}
