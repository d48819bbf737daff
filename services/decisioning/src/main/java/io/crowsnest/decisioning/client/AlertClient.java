package io.crowsnest.decisioning.client;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.DeliverMessageRequest;
import io.crowsnest.alertnotification.v1.DeliverMessageResponse;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.alertnotification.v1.PublishAlertResponse;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/** Calls to alert-notification (briefings, call lists, deliveries), each idempotent under its key. */
@ApplicationScoped
public class AlertClient {

    @GrpcClient("alert-notification")
    Channel channel;
    @Inject
    DecisioningConfig config;

    public PublishAlertResponse publish(PublishAlertRequest request) {
        return stub().publishAlert(request);
    }

    public DeliverMessageResponse deliver(DeliverMessageRequest request) {
        return stub().deliverMessage(request);
    }

    private AlertNotificationServiceGrpc.AlertNotificationServiceBlockingStub stub() {
        return AlertNotificationServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(config.campaigns().alertDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
