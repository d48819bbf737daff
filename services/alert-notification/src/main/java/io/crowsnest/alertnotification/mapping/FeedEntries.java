package io.crowsnest.alertnotification.mapping;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowsnest.alertnotification.domain.Alert;
import io.crowsnest.alertnotification.feed.FeedEncoding;
import io.crowsnest.alertnotification.v1.AlertStateChange;
import io.crowsnest.alertnotification.v1.SubscribeAlertsResponse;
import io.crowsnest.platform.grpc.Timestamps;

/** Feed entries in the contract's shape: SubscribeAlertsResponse without its offset. */
@ApplicationScoped
public class FeedEntries implements FeedEncoding {

    @Override
    public byte[] published(Alert alert) {
        return SubscribeAlertsResponse.newBuilder().setAlert(AlertMessages.toProto(alert)).build().toByteArray();
    }

    @Override
    public byte[] changed(Alert alert, String agentId, boolean removed, Instant at) {
        return SubscribeAlertsResponse.newBuilder().setStateChange(AlertStateChange.newBuilder().setAlertId(alert.id())
                .setState(AlertMessages.state(alert.state())).setAgentId(agentId == null ? "" : agentId)
                .setRemoved(removed).setChangedAt(Timestamps.of(at))).build().toByteArray();
    }
}
