package io.crowsnest.decisioning;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.crowsnest.decisioning.v1.Campaign;
import io.crowsnest.decisioning.v1.CampaignStatus;
import io.crowsnest.decisioning.v1.GetCampaignRequest;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.platform.time.MovableClock;
import io.grpc.ManagedChannel;

/**
 * What the campaign tests share besides {@link ThroughGrpc}: the service's movable clock (put back
 * after each test), channels to scoring and alert-notification, and waiting for a campaign's end.
 */
abstract class CampaignsThroughGrpc extends ThroughGrpc {

    @Inject
    MovableClock clock;

    ManagedChannel scoring;
    ManagedChannel alerts;

    @BeforeEach
    void campaignNeighbours() {
        scoring = Fixtures.channel(neighbours.port("scoring"));
        alerts = Fixtures.channel(neighbours.port("alert-notification"));
    }

    @AfterEach
    void campaignNeighboursDone() {
        clock.reset();
        scoring.shutdownNow();
        alerts.shutdownNow();
    }

    Campaign get(String id) {
        return decisioning.getCampaign(GetCampaignRequest.newBuilder().setCampaignId(id).build()).getCampaign();
    }

    Campaign awaitEnd(String id) {
        return Await.until(Duration.ofSeconds(120), () -> get(id),
                c -> c.getStatus() == CampaignStatus.CAMPAIGN_STATUS_COMPLETED
                        || c.getStatus() == CampaignStatus.CAMPAIGN_STATUS_FAILED,
                "campaign " + id + " completed or failed");
    }
}
