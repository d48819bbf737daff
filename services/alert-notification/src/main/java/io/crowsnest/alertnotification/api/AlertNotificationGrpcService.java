package io.crowsnest.alertnotification.api;

import jakarta.inject.Inject;

import io.crowsnest.alertnotification.domain.DomainException;
import io.crowsnest.alertnotification.v1.AcknowledgeAlertRequest;
import io.crowsnest.alertnotification.v1.AcknowledgeAlertResponse;
import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.alertnotification.v1.ListInboxResponse;
import io.crowsnest.alertnotification.v1.MarkAlertsReadRequest;
import io.crowsnest.alertnotification.v1.MarkAlertsReadResponse;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.alertnotification.v1.PublishAlertResponse;
import io.crowsnest.platform.grpc.Calls;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * The gRPC adapter of crowsnest.alertnotification.v1.AlertNotificationService: every RPC runs on a
 * worker thread and is handed to the adapter of its area (alerts, teams, deliveries, leads,
 * erasure), which checks, maps and runs one use case; failures become the contract's status in
 * the platform's {@link Calls}.
 */
@GrpcService
public class AlertNotificationGrpcService extends AlertNotificationServiceGrpc.AlertNotificationServiceImplBase {

    /** Request bytes that are no valid message are refused INVALID_ARGUMENT MALFORMED_REQUEST (platform). */
    @Override
    public io.grpc.ServerServiceDefinition bindService() {
        return io.crowsnest.platform.grpc.UnparsableRequests.guard(super.bindService());
    }

    @Inject
    AlertAdapter alerts;
    @Inject
    TeamAdapter teams;
    @Inject
    DeliveryAdapter deliveries;
    @Inject
    LeadAdapter leads;
    @Inject
    ForgetAdapter forgets;
    @Inject
    ActivityAdapter activity;

    @Override
    @Blocking
    public void publishAlert(PublishAlertRequest request, StreamObserver<PublishAlertResponse> response) {
        Calls.unary(response, () -> alerts.publish(request));
    }

    @Override
    @Blocking
    public void subscribeCustomerActivity(io.crowsnest.alertnotification.v1.SubscribeCustomerActivityRequest request,
            StreamObserver<io.crowsnest.alertnotification.v1.SubscribeCustomerActivityResponse> response) {
        Calls.stream(response, () -> activity.subscribe(request, response));
    }

    @Override
    @Blocking
    public void listInbox(ListInboxRequest request, StreamObserver<ListInboxResponse> response) {
        Calls.unary(response, () -> alerts.list(request));
    }

    @Override
    @Blocking
    public void subscribeAlerts(io.crowsnest.alertnotification.v1.SubscribeAlertsRequest request,
            StreamObserver<io.crowsnest.alertnotification.v1.SubscribeAlertsResponse> response) {
        GrpcFeedSink sink = new GrpcFeedSink(response);
        Calls.stream(response, () -> {
            try {
                alerts.subscribe(request, sink);
            } catch (DomainException e) {
                throw Calls.status(e);
            }
        });
    }

    @Override
    @Blocking
    public void markAlertsRead(MarkAlertsReadRequest request, StreamObserver<MarkAlertsReadResponse> response) {
        Calls.unary(response, () -> alerts.markRead(request));
    }

    @Override
    @Blocking
    public void acknowledgeAlert(AcknowledgeAlertRequest request, StreamObserver<AcknowledgeAlertResponse> response) {
        Calls.unary(response, () -> alerts.acknowledge(request));
    }

    @Override
    @Blocking
    public void upsertTeam(io.crowsnest.alertnotification.v1.UpsertTeamRequest request,
            StreamObserver<io.crowsnest.alertnotification.v1.UpsertTeamResponse> response) {
        Calls.unary(response, () -> teams.upsert(request));
    }

    @Override
    @Blocking
    public void getTeam(io.crowsnest.alertnotification.v1.GetTeamRequest request,
            StreamObserver<io.crowsnest.alertnotification.v1.GetTeamResponse> response) {
        Calls.unary(response, () -> teams.get(request));
    }

    @Override
    @Blocking
    public void listTeams(io.crowsnest.alertnotification.v1.ListTeamsRequest request,
            StreamObserver<io.crowsnest.alertnotification.v1.ListTeamsResponse> response) {
        Calls.unary(response, () -> teams.list(request));
    }

    @Override
    @Blocking
    public void setOnDuty(io.crowsnest.alertnotification.v1.SetOnDutyRequest request,
            StreamObserver<io.crowsnest.alertnotification.v1.SetOnDutyResponse> response) {
        Calls.unary(response, () -> teams.setOnDuty(request));
    }

    @Override
    @Blocking
    public void getBriefingAcknowledgements(io.crowsnest.alertnotification.v1.GetBriefingAcknowledgementsRequest request,
            StreamObserver<io.crowsnest.alertnotification.v1.GetBriefingAcknowledgementsResponse> response) {
        Calls.unary(response, () -> teams.briefing(request));
    }

    @Override
    @Blocking
    public void deliverMessage(io.crowsnest.alertnotification.v1.DeliverMessageRequest request,
            StreamObserver<io.crowsnest.alertnotification.v1.DeliverMessageResponse> response) {
        Calls.unary(response, () -> deliveries.deliver(request));
    }

    @Override
    @Blocking
    public void getDeliveryStatus(io.crowsnest.alertnotification.v1.GetDeliveryStatusRequest request,
            StreamObserver<io.crowsnest.alertnotification.v1.GetDeliveryStatusResponse> response) {
        Calls.unary(response, () -> deliveries.get(request));
    }

    @Override
    @Blocking
    public void recordDeliveryEvent(io.crowsnest.alertnotification.v1.RecordDeliveryEventRequest request,
            StreamObserver<io.crowsnest.alertnotification.v1.RecordDeliveryEventResponse> response) {
        Calls.unary(response, () -> deliveries.report(request));
    }

    @Override
    @Blocking
    public void upsertLeadRule(io.crowsnest.alertnotification.v1.UpsertLeadRuleRequest request,
            StreamObserver<io.crowsnest.alertnotification.v1.UpsertLeadRuleResponse> response) {
        Calls.unary(response, () -> leads.upsert(request));
    }

    @Override
    @Blocking
    public void listLeadRules(io.crowsnest.alertnotification.v1.ListLeadRulesRequest request,
            StreamObserver<io.crowsnest.alertnotification.v1.ListLeadRulesResponse> response) {
        Calls.unary(response, () -> leads.rules(request));
    }

    @Override
    @Blocking
    public void listLeads(io.crowsnest.alertnotification.v1.ListLeadsRequest request,
            StreamObserver<io.crowsnest.alertnotification.v1.ListLeadsResponse> response) {
        Calls.unary(response, () -> leads.list(request));
    }

    @Override
    @Blocking
    public void recordLeadOutcome(io.crowsnest.alertnotification.v1.RecordLeadOutcomeRequest request,
            StreamObserver<io.crowsnest.alertnotification.v1.RecordLeadOutcomeResponse> response) {
        Calls.unary(response, () -> leads.record(request));
    }

    @Override
    @Blocking
    public void forgetPerson(io.crowsnest.alertnotification.v1.ForgetPersonRequest request,
            StreamObserver<io.crowsnest.alertnotification.v1.ForgetPersonResponse> response) {
        Calls.unary(response, () -> forgets.forget(request));
    }
}
