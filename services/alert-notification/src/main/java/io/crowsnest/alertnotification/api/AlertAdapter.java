package io.crowsnest.alertnotification.api;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.mapping.AlertMessages;
import io.crowsnest.alertnotification.mapping.AlertRequests;
import io.crowsnest.alertnotification.service.AcknowledgeService;
import io.crowsnest.alertnotification.service.InboxService;
import io.crowsnest.alertnotification.service.PublishAlertService;
import io.crowsnest.alertnotification.service.SubscribeService;
import io.crowsnest.alertnotification.v1.AcknowledgeAlertRequest;
import io.crowsnest.alertnotification.v1.AcknowledgeAlertResponse;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.alertnotification.v1.ListInboxResponse;
import io.crowsnest.alertnotification.v1.MarkAlertsReadRequest;
import io.crowsnest.alertnotification.v1.MarkAlertsReadResponse;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.alertnotification.v1.PublishAlertResponse;
import io.crowsnest.alertnotification.v1.SubscribeAlertsRequest;
import io.crowsnest.common.v1.PageResponse;
import io.crowsnest.platform.idempotency.Idempotency;

/** The alert and inbox RPCs: check, map, run the use case (once per idempotency key for writes), map back. */
@ApplicationScoped
class AlertAdapter {

    @Inject
    PublishChecks publishChecks;
    @Inject
    PublishAlertService publisher;
    @Inject
    InboxService inbox;
    @Inject
    AcknowledgeService acknowledgements;
    @Inject
    SubscribeService subscriptions;
    @Inject
    Idempotency idempotency;
    @Inject
    Clock clock;

    PublishAlertResponse publish(PublishAlertRequest r) {
        var draft = publishChecks.check(r, clock.instant());
        return idempotency.once("PublishAlert", r.getIdempotencyKey(), r, PublishAlertResponse.parser(),
                () -> PublishAlertResponse.newBuilder().setAlert(AlertMessages.toProto(publisher.publish(draft)))
                        .build());
    }

    ListInboxResponse list(ListInboxRequest r) {
        InboxChecks.list(r);
        InboxService.Page page = inbox.list(AlertRequests.query(r), InboxChecks.cursor(r),
                InboxChecks.pageSize(r.getPage().getPageSize()));
        var out = ListInboxResponse.newBuilder().setUnreadCount(page.unread()).setLatestOffset(page.latestOffset())
                .setPage(PageResponse.newBuilder().setNextPageToken(InboxChecks.token(r, page.next())));
        page.alerts().forEach(a -> out.addAlerts(AlertMessages.toProto(a)));
        return out.build();
    }

    MarkAlertsReadResponse markRead(MarkAlertsReadRequest r) {
        InboxChecks.markRead(r);
        return idempotency.once("MarkAlertsRead", r.getIdempotencyKey(), r, MarkAlertsReadResponse.parser(), () -> {
            var out = MarkAlertsReadResponse.newBuilder();
            acknowledgements.markRead(r.getAlertIdsList(), r.getAgentId())
                    .forEach(a -> out.addAlerts(AlertMessages.toProto(a)));
            return out.build();
        });
    }

    AcknowledgeAlertResponse acknowledge(AcknowledgeAlertRequest r) {
        InboxChecks.acknowledge(r);
        return idempotency.once("AcknowledgeAlert", r.getIdempotencyKey(), r, AcknowledgeAlertResponse.parser(),
                () -> {
                    AcknowledgeService.Acknowledged done = acknowledgements.acknowledge(r.getAlertId(),
                            r.getAgentId(), r.getNote());
                    return AcknowledgeAlertResponse.newBuilder().setAlert(AlertMessages.toProto(done.alert()))
                            .setAlreadyAcknowledged(done.already()).build();
                });
    }

    void subscribe(SubscribeAlertsRequest r, GrpcFeedSink sink) {
        InboxChecks.subscribe(r);
        subscriptions.subscribe(r.getAgentId(), r.getTeamIdsList(), r.getAfterOffset(), sink);
    }
}
