package io.crowsnest.alertnotification;

import static io.crowsnest.alertnotification.Fixtures.complaint;
import static io.crowsnest.alertnotification.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowsnest.alertnotification.sweeps.RetentionSweep;
import io.crowsnest.alertnotification.v1.AcknowledgeAlertRequest;
import io.crowsnest.alertnotification.v1.Alert;
import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.AlertState;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.alertnotification.v1.ListInboxResponse;
import io.crowsnest.alertnotification.v1.MarkAlertsReadRequest;
import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.time.MovableClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Inboxes: paging and filters, read, acknowledge (one taker per team alert), expiry by the clock. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(Neighbours.class)
@QuarkusTestResource(ProviderServer.class)
class InboxTest extends ServiceTest {

    @Inject
    MovableClock clock;
    @Inject
    RetentionSweep retention;

    @Test
    void pagesGoNewestFirstWithFiltersAndTheUnreadCount() {
        String agent = unique("ann-");
        f.team(agent);
        String person = f.person();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, f.alerts.publishAlert(complaint(agent, person).setKind(i % 2 == 0 ? AlertKind.ALERT_KIND_COMPLAINT
                    : AlertKind.ALERT_KIND_CHURN_RISK).build()).getAlert().getAlertId());
            clock.advance(Duration.ofMillis(5));
        }
        ListInboxRequest.Builder request = ListInboxRequest.newBuilder().setAgentId(agent)
                .setPage(PageRequest.newBuilder().setPageSize(2));
        List<String> seen = new ArrayList<>();
        ListInboxResponse page = f.alerts.listInbox(request.build());
        assertEquals(5, page.getUnreadCount());
        assertTrue(page.getLatestOffset() >= page.getAlerts(0).getOffset());
        while (true) {
            page.getAlertsList().forEach(a -> seen.add(a.getAlertId()));
            if (page.getPage().getNextPageToken().isEmpty()) {
                break;
            }
            page = f.alerts.listInbox(request.setPage(PageRequest.newBuilder().setPageSize(2)
                    .setPageToken(page.getPage().getNextPageToken())).build());
        }
        assertEquals(ids, seen);

        ListInboxResponse churn = f.alerts.listInbox(ListInboxRequest.newBuilder().setAgentId(agent)
                .addKinds(AlertKind.ALERT_KIND_CHURN_RISK).build());
        assertEquals(List.of(ids.get(1), ids.get(3)), churn.getAlertsList().stream().map(Alert::getAlertId).toList());
        String token = f.alerts.listInbox(request.setPage(PageRequest.newBuilder().setPageSize(2)).build()).getPage()
                .getNextPageToken();
        StatusRuntimeException foreign = assertThrows(StatusRuntimeException.class, () -> f.alerts.listInbox(
                ListInboxRequest.newBuilder().setAgentId(agent).addKinds(AlertKind.ALERT_KIND_COMPLAINT)
                        .setPage(PageRequest.newBuilder().setPageToken(token)).build()));
        assertEquals("PAGE_TOKEN_INVALID", GrpcErrorDetails.reason(foreign));
    }

    @Test
    void readThenAcknowledgeMovesForwardAndIsForTheRecipientOnly() {
        String ann = unique("ann-");
        String bob = unique("bob-");
        f.team(ann);
        f.team(bob);
        Alert alert = f.alerts.publishAlert(complaint(ann, f.person()).build()).getAlert();
        MarkAlertsReadRequest read = MarkAlertsReadRequest.newBuilder().addAlertIds(alert.getAlertId()).setAgentId(ann)
                .setIdempotencyKey(unique("k")).build();
        Alert readAlert = f.alerts.markAlertsRead(read).getAlerts(0);
        assertEquals(AlertState.ALERT_STATE_READ, readAlert.getState());
        assertEquals(ann, readAlert.getReadBy());

        StatusRuntimeException foreign = assertThrows(StatusRuntimeException.class, () -> f.alerts.markAlertsRead(
                read.toBuilder().setAgentId(bob).setIdempotencyKey(unique("k")).build()));
        assertEquals("NOT_A_RECIPIENT", GrpcErrorDetails.reason(foreign));
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> f.alerts.markAlertsRead(
                read.toBuilder().addAlertIds("no-such-alert").setIdempotencyKey(unique("k")).build()));
        assertEquals("ALERT_NOT_FOUND", GrpcErrorDetails.reason(unknown));

        Alert acked = ack(alert.getAlertId(), ann, "called back, appointment Tuesday").getAlert();
        assertEquals(AlertState.ALERT_STATE_ACKNOWLEDGED, acked.getState());
        assertEquals("called back, appointment Tuesday", acked.getAcknowledgementNote());
        assertEquals(0, f.alerts.listInbox(ListInboxRequest.newBuilder().setAgentId(ann).build()).getUnreadCount());
        assertEquals(AlertState.ALERT_STATE_ACKNOWLEDGED, f.alerts.markAlertsRead(read.toBuilder()
                .setIdempotencyKey(unique("k")).build()).getAlerts(0).getState(), "never moves back");
    }

    @Test
    void twoAgentsRacingForATeamAlertEndWithOneTaker() throws Exception {
        String ann = unique("ann-");
        String bob = unique("bob-");
        String team = f.team(ann, bob);
        for (int round = 0; round < 5; round++) {
            Alert alert = f.alerts.publishAlert(complaint("x", f.person())
                    .setRecipient(AlertRecipient.newBuilder().setTeamId(team)).build()).getAlert();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Callable<String>> racers = List.of(() -> tryAck(alert, ann), () -> tryAck(alert, bob));
            List<String> outcomes = new ArrayList<>();
            for (Future<String> result : pool.invokeAll(racers)) {
                outcomes.add(result.get());
            }
            pool.shutdown();
            assertEquals(1, outcomes.stream().filter("OK"::equals).count(), outcomes.toString());
            assertEquals(1, outcomes.stream().filter("ALERT_ALREADY_ACKNOWLEDGED"::equals).count(), outcomes.toString());
        }
    }

    private String tryAck(Alert alert, String agent) {
        try {
            ack(alert.getAlertId(), agent, "");
            return "OK";
        } catch (StatusRuntimeException e) {
            return GrpcErrorDetails.reason(e);
        }
    }

    @Test
    void anExpiredAlertLeavesTheInboxAndCannotBeAcknowledged() {
        String ann = unique("ann-");
        f.team(ann);
        Alert alert = f.alerts.publishAlert(complaint(ann, f.person())
                .setExpiresAt(Timestamps.of(clock.instant().plus(Duration.ofHours(1)))).build()).getAlert();
        clock.advance(Duration.ofHours(2));
        assertEquals(0, f.alerts.listInbox(ListInboxRequest.newBuilder().setAgentId(ann).build()).getAlertsCount());
        assertEquals(1, f.alerts.listInbox(ListInboxRequest.newBuilder().setAgentId(ann).setIncludeExpired(true)
                .build()).getAlertsCount());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ack(alert.getAlertId(), ann, ""));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("ALERT_EXPIRED", GrpcErrorDetails.reason(e));

        clock.advance(Duration.ofDays(91));
        try {
            assertTrue(retention.sweep() >= 1);
            assertEquals(0, f.alerts.listInbox(ListInboxRequest.newBuilder().setAgentId(ann).setIncludeExpired(true)
                    .build()).getAlertsCount(), "deleted 90 days after it expired");
        } finally {
            clock.advance(Duration.ofDays(-91));
        }
    }

    @Test
    void badInboxRequestsAreRefusedFieldByField() {
        StatusRuntimeException list = assertThrows(StatusRuntimeException.class, () -> f.alerts.listInbox(
                ListInboxRequest.newBuilder().addTeamIds("bad team").addStates(AlertState.ALERT_STATE_UNSPECIFIED)
                        .setPage(PageRequest.newBuilder().setPageSize(501)).build()));
        assertEquals(List.of("team_ids[0]", "states[0]", "page.page_size"), GrpcErrorDetails.fields(list));
        StatusRuntimeException none = assertThrows(StatusRuntimeException.class,
                () -> f.alerts.listInbox(ListInboxRequest.getDefaultInstance()));
        assertEquals(List.of("agent_id"), GrpcErrorDetails.fields(none));
        StatusRuntimeException read = assertThrows(StatusRuntimeException.class,
                () -> f.alerts.markAlertsRead(MarkAlertsReadRequest.getDefaultInstance()));
        assertEquals(List.of("alert_ids", "agent_id", "idempotency_key"), GrpcErrorDetails.fields(read));
        StatusRuntimeException ack = assertThrows(StatusRuntimeException.class, () -> f.alerts.acknowledgeAlert(
                AcknowledgeAlertRequest.newBuilder().setAlertId("a").setAgentId("ann").setNote("n".repeat(501))
                        .setIdempotencyKey("k").build()));
        assertEquals(List.of("note"), GrpcErrorDetails.fields(ack));
        assertFalse(ack.getStatus().getDescription().isEmpty());
    }

    private io.crowsnest.alertnotification.v1.AcknowledgeAlertResponse ack(String alertId, String agent, String note) {
        return f.alerts.acknowledgeAlert(AcknowledgeAlertRequest.newBuilder().setAlertId(alertId).setAgentId(agent)
                .setNote(note).setIdempotencyKey(unique("k")).build());
    }
}
