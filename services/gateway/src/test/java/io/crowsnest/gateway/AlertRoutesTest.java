package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.asAdmin;
import static io.crowsnest.gateway.testing.TestIssuer.asAgent;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The alert-notification routes (inbox, read, acknowledge, live stream, teams, lead rules, leads)
 * reach alert-notification — nothing listens there in tests, so a routed request answers 503
 * problem+json — and a request the gateway can tell is wrong is refused with 400 before any call.
 */
@QuarkusTest
@TestProfile(RoutesTest.OwnChannels.class)
class AlertRoutesTest {

    private static final String PROBLEM = "application/problem+json";

    private static RequestSpecification agent() {
        return asAdmin().contentType(ContentType.JSON).header("Idempotency-Key", "k-1");
    }

    @Test
    void everyAlertRouteIsRouted() {
        agent().when().get("/api/v1/inbox?state=UNREAD&kind=QUALIFIED_LEAD").then().statusCode(503)
                .contentType(PROBLEM);
        for (String path : new String[] {"/api/v1/alerts/a-1/acknowledgements", "/api/v1/admin/teams",
                "/api/v1/admin/teams/cards-desk", "/api/v1/admin/lead-rules?team_id=cards-desk",
                "/api/v1/teams/cards-desk/leads?status=OFFERED"}) {
            asAdmin().when().get(path).then().statusCode(503).contentType(PROBLEM);
        }
        agent().body("{\"alert_ids\": [\"a-1\"]}").when().post("/api/v1/inbox/read").then().statusCode(503)
                .contentType(PROBLEM);
        agent().body("{\"note\": \"called back\"}").when().post("/api/v1/alerts/a-1/acknowledge").then()
                .statusCode(503).contentType(PROBLEM);
        agent().body("{\"outcome\": \"LEAD_STATUS_ACCEPTED\"}").when().post("/api/v1/leads/l-1/outcome").then()
                .statusCode(503).contentType(PROBLEM);
        asAdmin().contentType(ContentType.JSON).body("{\"display_name\": \"Cards\"}")
                .when().put("/api/v1/admin/teams/cards-desk").then().statusCode(503).contentType(PROBLEM);
        asAdmin().contentType(ContentType.JSON).body("{\"on_duty\": true}")
                .when().put("/api/v1/admin/teams/cards-desk/members/ann/on-duty").then().statusCode(503);
        asAdmin().contentType(ContentType.JSON).body("{\"segment_id\": \"hot\", \"max_per_hour\": 20}")
                .when().put("/api/v1/admin/lead-rules/hot").then().statusCode(503).contentType(PROBLEM);
        asAgent("ann").when().get("/api/v1/inbox/stream").then().statusCode(503)
                .contentType(PROBLEM);
    }

    @Test
    void aCustomersLiveActivityIsRoutedAndItsThresholdsChecked() {
        asAgent("ann").when().get("/api/v1/customers/p-1/activity?threshold=churn_risk:0.7")
                .then().statusCode(503).contentType(PROBLEM);
        asAgent("ann").when()
                .get("/api/v1/customers/p-1/activity?threshold=churn_risk&threshold=:1&replay=many").then()
                .statusCode(400).contentType(PROBLEM).body("violations.field", hasItems("threshold", "replay"));
    }

    @Test
    void anInboxNeedsKnownFiltersAndAnIdempotencyKey() {
        asAgent("ann").when().get("/api/v1/inbox?state=SHREDDED").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", is(java.util.List.of("state")));
        asAgent("ann").contentType(ContentType.JSON).body("{\"alert_ids\": [\"a-1\"]}").when()
                .post("/api/v1/inbox/read").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", is(java.util.List.of("Idempotency-Key")));
        asAgent("ann").header("Last-Event-ID", "soon").when().get("/api/v1/inbox/stream")
                .then().statusCode(400).body("violations.field", hasItem("Last-Event-ID"));
    }

    @Test
    void bodiesThatAreNotTheContractsMessagesAreRefused() {
        agent().body("{\"alert_ids\": 7}").when().post("/api/v1/inbox/read").then().statusCode(400)
                .contentType(PROBLEM).body("violations.field", hasItem("body"));
        asAdmin().contentType(ContentType.JSON).body("{\"members\": [{\"role\": \"TEAM_ROLE_CAPTAIN\"}]}")
                .when().put("/api/v1/admin/teams/cards-desk").then().statusCode(400).body("violations.field",
                        hasItem("body"));
        agent().body("").when().post("/api/v1/leads/l-1/outcome").then().statusCode(400)
                .body("violations.field", hasItem("body"));
        asAdmin().when().get("/api/v1/teams/cards-desk/leads?status=MAYBE").then().statusCode(400)
                .body("violations.field", hasItem("status"));
    }
}
