package io.crowsnest.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowsnest.alertnotification.v1.Alert;
import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.AlertSeverity;
import io.crowsnest.alertnotification.v1.BriefingQuestion;
import io.crowsnest.alertnotification.v1.CampaignBriefing;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.StackPorts;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.SignedChannels;
import io.grpc.ManagedChannel;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A campaign briefing reaches a team's agents through the gateway: an administrator sets up the
 * team, a campaign tool publishes the briefing (gRPC), an agent's screen receives it on the
 * server-sent-events stream, the agent acknowledges it with a note (the screen sees the change),
 * the supervisor sees who has not acknowledged yet, a reconnecting screen gets the replay; bad
 * requests answer problem+json. A stack of its own (identity, contact-governance, alert-notification,
 * gateway) on ports of its own.
 */
class AlertsThroughGatewayTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    private static LocalStack stack;
    private static RequestSpecification gateway;

    @BeforeAll
    static void startStack() throws Exception {
        Path home = Path.of(System.getProperty("crowsnest.home", "../..")).toAbsolutePath().normalize();
        Path stateDir = Path.of(System.getProperty("crowsnest.e2e.dir", "target/e2e")).toAbsolutePath()
                .resolveSibling("e2e-alerts");
        LocalStack.Options options = LocalStack.Options.defaults(home)
                .withPorts(new StackPorts(18280, 19280, FreePort.pick(), 16591))
                .withStateDir(stateDir, false)
                .withOnly(Set.of("identity", "profile", "scoring", "contact-governance", "alert-notification",
                        "gateway"));
        stack = LocalStack.start(options, System.out);
        gateway = GatewayAs.user(stack, "ada");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** An open SSE stream: the lines received. */
    private static final class Screen {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CompletableFuture<HttpResponse<Void>> response;

        Screen(String agent, String lastEventId) {
            this("/api/v1/inbox/stream", agent, lastEventId);
        }

        Screen(String path, String agent, String lastEventId) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.gatewayPort()
                    + path)).header("Authorization", "Bearer " + GatewayAs.token(agent)).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            response = HttpClient.newHttpClient().sendAsync(request.build(),
                    HttpResponse.BodyHandlers.fromLineSubscriber(new java.util.concurrent.Flow.Subscriber<String>() {
                        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                            s.request(Long.MAX_VALUE);
                        }

                        public void onNext(String line) {
                            lines.add(line);
                        }

                        public void onError(Throwable t) {
                        }

                        public void onComplete() {
                        }
                    }));
        }

        void await(String text) {
            Await.until(Duration.ofSeconds(30), () -> lines.stream().anyMatch(l -> l.contains(text)),
                    () -> "the screen receives " + text + "; got " + lines);
        }

        void close() {
            response.cancel(true);
        }
    }

    private static RequestSpecification agent(String agent) {
        return given(gateway).contentType(ContentType.JSON).auth().oauth2(GatewayAs.token(agent))
                .header("Idempotency-Key", UUID.randomUUID().toString());
    }

    @Test
    void aBriefingReachesTheTeamsScreensAndIsAcknowledged() throws Exception {
        given(gateway).contentType(ContentType.JSON).body("""
                {"display_name": "Cards desk", "members": [
                  {"agent_id": "sue", "role": "TEAM_ROLE_SUPERVISOR"},
                  {"agent_id": "bob", "role": "TEAM_ROLE_AGENT"}]}""")
                .when().put("/api/v1/admin/teams/cards-desk").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/admin/teams/cards-desk"))
                .body("team.version", is("1"));
        Screen bobs = new Screen("bob", null);
        bobs.await("heartbeat");

        Alert alert = publishBriefing();
        bobs.await("\"alert_id\":\"" + alert.getAlertId() + "\"");
        assertTrue(bobs.lines.contains("event: alert") || bobs.lines.contains("event:alert"), bobs.lines.toString());
        given(gateway).auth().oauth2(GatewayAs.token("bob")).when().get("/api/v1/inbox?kind=CAMPAIGN_BRIEFING").then()
                .statusCode(200).body("alerts[0].alert_id", is(alert.getAlertId()))
                .body("alerts[0].briefing.campaign_name", is("Spring travel insurance"));
        // the inbox is the token's: ann, not in bob's team, claiming to be bob in a header sees none of it
        given(gateway).auth().oauth2(GatewayAs.token("ann")).header("X-Agent-Id", "bob").when()
                .get("/api/v1/inbox?kind=CAMPAIGN_BRIEFING").then().statusCode(200)
                .body("alerts.alert_id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(alert.getAlertId())));

        agent("bob").body("{\"note\": \"read, will mention it on calls\"}")
                .when().post("/api/v1/alerts/" + alert.getAlertId() + "/acknowledge").then().statusCode(200)
                .body("alert.state", is("ALERT_STATE_ACKNOWLEDGED"))
                .body("alert.acknowledgement_note", is("read, will mention it on calls"));
        bobs.await("ALERT_STATE_ACKNOWLEDGED");
        given(gateway).when().get("/api/v1/alerts/" + alert.getAlertId() + "/acknowledgements").then()
                .statusCode(200).body("pending_agent_ids", is(List.of("sue")));
        bobs.close();

        Screen reconnected = new Screen("bob", Long.toString(alert.getOffset()));
        reconnected.await("ALERT_STATE_ACKNOWLEDGED");
        reconnected.close();
    }

    private static Alert publishBriefing() {
        ManagedChannel channel = SignedChannels.to(stack.grpcPort("alert-notification"));
        try {
            Instant start = Instant.now().plus(Duration.ofDays(1));
            return AlertNotificationServiceGrpc.newBlockingStub(channel).publishAlert(PublishAlertRequest.newBuilder()
                    .setRecipient(AlertRecipient.newBuilder().setTeamId("cards-desk"))
                    .setKind(AlertKind.ALERT_KIND_CAMPAIGN_BRIEFING).setSeverity(AlertSeverity.ALERT_SEVERITY_INFO)
                    .setTitle("Campaign starting: spring travel insurance").setCampaignId("spring-travel")
                    .setReason(Reason.newBuilder().setCode("CAMPAIGN_LAUNCHED").setMessage("launched by cards"))
                    .setBriefing(CampaignBriefing.newBuilder().setCampaignName("Spring travel insurance")
                            .setAudienceSize(12500).setAudienceDescription("card holders who travelled abroad")
                            .setOffer("3 months of travel insurance free").addChannels(Channel.CHANNEL_EMAIL)
                            .setStartsAt(ts(start)).setEndsAt(ts(start.plus(Duration.ofDays(14))))
                            .addTalkingPoints("Free for 3 months, then 4.90 a month")
                            .addLikelyQuestions(BriefingQuestion.newBuilder().setQuestion("Why me?")
                                    .setAnswer("You travelled abroad with your card last year."))
                            .setHowToRespond("Sign them up in the CRM."))
                    .setSource("decisioning").setIdempotencyKey(UUID.randomUUID().toString()).build()).getAlert();
        } finally {
            channel.shutdownNow();
        }
    }

    private static com.google.protobuf.Timestamp ts(Instant at) {
        return com.google.protobuf.Timestamp.newBuilder().setSeconds(at.getEpochSecond()).build();
    }

    @Test
    void anAgentWatchesTheOpenCustomersLiveActivity() throws Exception {
        ManagedChannel profileChannel = SignedChannels.to(stack.grpcPort("profile"));
        try {
            var profile = io.crowsnest.profile.v1.ProfileServiceGrpc.newBlockingStub(profileChannel);
            io.crowsnest.common.v1.Identifier email = io.crowsnest.common.v1.Identifier.newBuilder().setType("email")
                    .setValue(UUID.randomUUID().toString().substring(0, 10) + "@example.com").build();
            String before = "web:" + UUID.randomUUID();
            String person = profile.recordEvent(io.crowsnest.profile.v1.RecordEventRequest.newBuilder()
                    .setEventId(before).addIdentifiers(email).setType(io.crowsnest.profile.v1.EventType
                            .EVENT_TYPE_SEARCH).setChannel(Channel.CHANNEL_WEB).setOccurredAt(ts(Instant.now()
                                    .minusSeconds(30))).setSource("web-analytics").build()).getPersonId();
            Screen screen = new Screen("/api/v1/customers/" + person + "/activity?threshold=churn_risk:0.7", "ann",
                    null);
            try {
                screen.await(before);
                String live = "web:" + UUID.randomUUID();
                profile.recordEvent(io.crowsnest.profile.v1.RecordEventRequest.newBuilder().setEventId(live)
                        .addIdentifiers(email).setType(io.crowsnest.profile.v1.EventType.EVENT_TYPE_PAGE_VIEW)
                        .setChannel(Channel.CHANNEL_WEB).setOccurredAt(ts(Instant.now())).setSource("web-analytics")
                        .build());
                screen.await(live);
                assertTrue(screen.lines.contains("event: event") || screen.lines.contains("event:event"),
                        screen.lines.toString());
            } finally {
                screen.close();
            }
            given(gateway).auth().oauth2(GatewayAs.token("ann")).when().get("/api/v1/customers/nobody-at-all/activity").then()
                    .statusCode(404).contentType(PROBLEM_JSON);
        } finally {
            profileChannel.shutdownNow();
        }
    }

    /** A PUT that creates answers 201 with the Location; the same PUT again updates: 200. */
    @Test
    void aTeamOrLeadRuleCreatedAnswers201AndAnUpdate200() {
        String team = "desk-" + UUID.randomUUID().toString().substring(0, 8);
        String location = given(gateway).contentType(ContentType.JSON).body("{\"display_name\": \"Desk\", \"members\": "
                + "[{\"agent_id\": \"bob\", \"role\": \"TEAM_ROLE_AGENT\"}]}")
                .when().put("/api/v1/admin/teams/" + team).then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/admin/teams/" + team)).extract()
                .header("Location");
        given(gateway).when().get(URI.create(location).getRawPath()).then().statusCode(200).body("team.team_id", is(team));
        given(gateway).contentType(ContentType.JSON).body("{\"display_name\": \"Desk 2\", \"members\": "
                + "[{\"agent_id\": \"bob\", \"role\": \"TEAM_ROLE_AGENT\"}], \"expected_version\": \"1\"}")
                .when().put("/api/v1/admin/teams/" + team).then().statusCode(200)
                .header("Location", org.hamcrest.Matchers.nullValue()).body("team.version", is("2"));

        String rule = "{\"display_name\": \"Hot\", \"segment_id\": \"hot\", \"team_id\": \"" + team
                + "\", \"max_per_hour\": 20, \"severity\": \"ALERT_SEVERITY_INFO\", \"enabled\": true}";
        String ruleLocation = given(gateway).contentType(ContentType.JSON).body(rule)
                .when().put("/api/v1/admin/lead-rules/" + team + "-hot").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/admin/lead-rules/" + team + "-hot"))
                .extract().header("Location");
        given(gateway).when().get(URI.create(ruleLocation).getRawPath()).then().statusCode(200)
                .body("rule_id", is(team + "-hot"));
        given(gateway).contentType(ContentType.JSON).body(rule.replace("\"max_per_hour\": 20", "\"max_per_hour\": 10"))
                .when().put("/api/v1/admin/lead-rules/" + team + "-hot").then().statusCode(200)
                .body("rule.max_per_hour", is(10));
        given(gateway).when().get("/api/v1/admin/lead-rules/no-such-rule").then().statusCode(404)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void badRequestsAnswerProblemJson() {
        given(gateway).contentType(ContentType.JSON).auth().oauth2(GatewayAs.token("bob")).body("{}")
                .when().post("/api/v1/alerts/a-1/acknowledge").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("violations.field", hasItem("Idempotency-Key"));
        agent("bob").body("{}").when().post("/api/v1/alerts/no-such-alert/acknowledge").then().statusCode(404)
                .contentType(PROBLEM_JSON);
        given(gateway).contentType(ContentType.JSON).body("{\"display_name\": \"\"}")
                .when().put("/api/v1/admin/teams/bad%20team").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("violations.field", hasItem("team_id"));
        assertEquals(404, given(gateway).when().get("/api/v1/admin/teams/no-such-team").then().extract().statusCode());
    }
}
