package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.asAdmin;
import static io.crowsnest.gateway.testing.TestIssuer.asAgent;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The decisioning routes (decisions, outcomes, the action catalogue) and the customer attributes
 * route reach decisioning and profile — nothing listens there in tests, so a routed request
 * answers 503 problem+json — and a request the gateway can tell is wrong is refused with 400 and
 * the header, query parameter or body at fault, before any call.
 */
@QuarkusTest
@TestProfile(RoutesTest.OwnChannels.class)
class DecisionRoutesTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void everyDecisioningRouteIsRouted() {
        for (String path : new String[] {"/api/v1/customers/p-1/decisions", "/api/v1/decisions/d-1",
                "/api/v1/admin/actions", "/api/v1/admin/actions/upgrade", "/api/v1/admin/actions/upgrade?version=2",
                "/api/v1/admin/actions/changes?action_id=upgrade",
                "/api/v1/admin/actions?kind=offer,question&status=active&channel=PHONE&valid_at=2026-03-01T00:00:00Z"}) {
            asAdmin().when().get(path).then().statusCode(503).contentType(PROBLEM);
        }
        agent().body("{\"channel\": \"CHANNEL_PHONE\", \"max_actions\": 2}")
                .when().post("/api/v1/customers/p-1/decisions").then().statusCode(503).contentType(PROBLEM);
        agent().body("{}").when().post("/api/v1/customers/p-1/decisions").then().statusCode(503);
        agent().body("{\"action_id\": \"upgrade\", \"type\": \"OUTCOME_TYPE_ACCEPTED\"}")
                .when().post("/api/v1/decisions/d-1/outcomes").then().statusCode(503).contentType(PROBLEM);
        agent().body("{\"upsert_products\": [{\"product_id\": \"accounts\", \"version\": \"1.2\"}]}")
                .when().patch("/api/v1/customers/p-1/attributes").then().statusCode(503).contentType(PROBLEM);
        admin().body("{\"action_id\": \"upgrade\", \"spec\": {\"kind\": \"ACTION_KIND_OFFER\"}}")
                .when().post("/api/v1/admin/actions").then().statusCode(503).contentType(PROBLEM);
        admin().body("{\"expected_version\": 1, \"spec\": {\"kind\": \"ACTION_KIND_OFFER\"}}")
                .when().put("/api/v1/admin/actions/upgrade").then().statusCode(503).contentType(PROBLEM);
        admin().body("{\"reason\": {\"code\": \"OFFER_ENDED\"}}")
                .when().post("/api/v1/admin/actions/upgrade/retire").then().statusCode(503).contentType(PROBLEM);
    }

    @Test
    void aDecisionNeedsAnIdempotencyKey() {
        asAdmin().contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/customers/p-1/decisions")
                .then().statusCode(400).contentType(PROBLEM).body("status", is(400))
                .body("type", is("urn:crowsnest:problem:invalid-argument"))
                .body("violations.field", is(java.util.List.of("Idempotency-Key")));
        asAdmin().contentType(ContentType.JSON)
                .body("{\"action_id\": \"upgrade\", \"type\": \"OUTCOME_TYPE_ACCEPTED\"}")
                .when().post("/api/v1/decisions/d-1/outcomes")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", is(java.util.List.of(
                        "Idempotency-Key")));
    }

    @Test
    void aDecisionBodyThatIsNotADecideRequestIsRefused() {
        agent().body("{\"channel\": \"CHANNEL_CARRIER_PIGEON\"}")
                .when().post("/api/v1/customers/p-1/decisions")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("body"))
                .body("detail", containsString("DecideRequest"));
        agent().body("{\"max_actions\": \"many\"}")
                .when().post("/api/v1/customers/p-1/decisions")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("body"));
        agent().body("")
                .when().post("/api/v1/decisions/d-1/outcomes")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("body"));
    }

    @Test
    void catalogueWritesNeedAKeyInTheHeaderOrTheBody() {
        asAdmin().contentType(ContentType.JSON).body("{\"action_id\": \"upgrade\"}")
                .when().post("/api/v1/admin/actions")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field",
                        is(java.util.List.of("Idempotency-Key")));
        asAdmin().contentType(ContentType.JSON)
                .body("{\"reason\": {\"code\": \"OFFER_ENDED\"}}")
                .when().post("/api/v1/admin/actions/upgrade/retire")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", is(java.util.List.of(
                        "Idempotency-Key")));
        // given in the body instead of the headers, they reach the service
        asAdmin().contentType(ContentType.JSON)
                .body("{\"expected_version\": 1, \"updated_by\": \"ada.admin\", \"idempotency_key\": \"k-1\"}")
                .when().put("/api/v1/admin/actions/upgrade")
                .then().statusCode(503).contentType(PROBLEM);
    }

    @Test
    void badCatalogueQueriesAreRefusedWithTheParameter() {
        asAdmin().queryParam("kind", "lottery").queryParam("status", "SLEEPING").queryParam("valid_at", "yesterday")
                .queryParam("all_versions", "perhaps").queryParam("page_size", "ten")
                .when().get("/api/v1/admin/actions")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", hasItems("kind", "status", "valid_at", "all_versions", "page_size"))
                .body("detail", containsString("lottery"));
        asAdmin().queryParam("version", "-1").when().get("/api/v1/admin/actions/upgrade")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("version"));
        asAdmin().queryParam("page_size", "x").when().get("/api/v1/customers/p-1/decisions")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("page_size"));
    }

    private static RequestSpecification agent() {
        return asAdmin().contentType(ContentType.JSON).header("Idempotency-Key", "k-1");
    }

    private static RequestSpecification admin() {
        return asAdmin().contentType(ContentType.JSON).header("Idempotency-Key", "k-1");
    }
}
