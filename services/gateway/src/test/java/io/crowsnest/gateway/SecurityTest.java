package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.as;
import static io.crowsnest.gateway.testing.TestIssuer.asAgent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.crowsnest.gateway.testing.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Sign-in and roles on the API: without a valid token from the configured issuer every route is
 * 401, a role that does not allow the route is 403 — both problem+json, never 5xx — and a caller
 * whose role allows the route gets through to the service (nothing listens in tests: 503).
 */
@QuarkusTest
@TestProfile(RoutesTest.OwnChannels.class)
class SecurityTest {

    private static final String PROBLEM = "application/problem+json";

    private static final String[] AGENT_READS = {"/api/v1/customers/p-1", "/api/v1/customers/p-1/events",
        "/api/v1/customers/p-1/scores", "/api/v1/customers/p-1/consents", "/api/v1/customers/p-1/contact-history",
        "/api/v1/customers/p-1/decisions", "/api/v1/decisions/d-1", "/api/v1/inbox", "/api/v1/status"};
    private static final String[] ADMIN_READS = {"/api/v1/admin/policies", "/api/v1/admin/scoring/plans",
        "/api/v1/admin/scoring/segments", "/api/v1/admin/actions", "/api/v1/admin/lead-rules"};

    @Test
    void withoutATokenEveryRouteIs401WithABearerChallenge() {
        for (String path : concat(AGENT_READS, ADMIN_READS, new String[] {"/api/v1/admin/teams",
            "/api/v1/alerts/a-1/acknowledgements", "/api/v1/inbox/stream", "/api/v1/customers/p-1/activity"})) {
            given().when().get(path).then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer")
                    .body("status", is(401)).body("type", is("urn:crowsnest:problem:unauthenticated"));
        }
        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/events").then().statusCode(401)
                .contentType(PROBLEM);
        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/admin/policies").then()
                .statusCode(401).contentType(PROBLEM);
    }

    @Test
    void expiredForgedForeignAndMalformedTokensAre401() {
        String[] refused = {TestIssuer.expiredToken("ann", "agent"), TestIssuer.forgedToken("ann", "admin"),
            TestIssuer.foreignIssuerToken("ann", "agent"), "not-a-jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbm4ifQ."};
        for (String token : refused) {
            given().auth().oauth2(token).when().get("/api/v1/customers/p-1").then().statusCode(401)
                    .contentType(PROBLEM).header("WWW-Authenticate", containsString("invalid_token"))
                    .body("detail", containsString("refused"));
        }
    }

    @Test
    void anAgentCannotUseAdministrativeOrSupervisorRoutes() {
        for (String path : ADMIN_READS) {
            asAgent("ann").when().get(path).then().statusCode(403).contentType(PROBLEM).body("status", is(403))
                    .body("detail", containsString("admin:"));
        }
        asAgent("ann").when().get("/api/v1/admin/teams").then().statusCode(403).contentType(PROBLEM);
        asAgent("ann").when().get("/api/v1/alerts/a-1/acknowledgements").then().statusCode(403);
        asAgent("ann").contentType(ContentType.JSON).header("Idempotency-Key", "k-1").body("{}")
                .when().post("/api/v1/admin/policies").then().statusCode(403).contentType(PROBLEM);
        asAgent("ann").contentType(ContentType.JSON).body("{\"display_name\": \"Cards\"}")
                .when().put("/api/v1/admin/teams/cards-desk").then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void aSupervisorManagesTeamsButNotPoliciesAndSeesWhatAnAgentSees() {
        as("sue", "supervisor").when().get("/api/v1/admin/teams").then().statusCode(503);
        as("sue", "supervisor").when().get("/api/v1/alerts/a-1/acknowledgements").then().statusCode(503);
        as("sue", "supervisor").when().get("/api/v1/customers/p-1").then().statusCode(503);
        as("sue", "supervisor").when().get("/api/v1/admin/policies").then().statusCode(403).contentType(PROBLEM);
        as("sue", "supervisor").when().get("/api/v1/admin/lead-rules").then().statusCode(403);
    }

    @Test
    void anAdminMayDoEverything() {
        for (String path : concat(AGENT_READS, ADMIN_READS, new String[] {"/api/v1/admin/teams"})) {
            as("ada", "admin").when().get(path).then().statusCode(503);
        }
    }

    @Test
    void aServiceClientPostsEventsButReadsNoCustomer() {
        as("collector", "service").contentType(ContentType.JSON).body("{\"event_id\": \"e-1\"}")
                .when().post("/api/v1/events").then().statusCode(503).contentType(PROBLEM);
        for (String path : AGENT_READS) {
            if (!path.equals("/api/v1/status")) {
                as("collector", "service").when().get(path).then().statusCode(403).contentType(PROBLEM);
            }
        }
    }

    @Test
    void aTokenWithoutAnyCrowsnestRoleIsRefusedEverywhere() {
        as("mallory", "offline_access", "uma_authorization").when().get("/api/v1/customers/p-1").then()
                .statusCode(403).contentType(PROBLEM);
        as("mallory").when().get("/api/v1/status").then().statusCode(403).contentType(PROBLEM);
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
