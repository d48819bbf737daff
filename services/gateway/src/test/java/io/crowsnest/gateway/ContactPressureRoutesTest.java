package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.as;
import static io.crowsnest.gateway.testing.TestIssuer.asAdmin;
import static io.crowsnest.gateway.testing.TestIssuer.asAgent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * GET /api/v1/contact-pressure is for supervisors and admins (agents get 403 problem+json, no
 * token 401); a window or filter the gateway can tell is wrong is 400 naming the parameter before
 * any call; a good request reaches contact governance (nothing listens there in tests: 503
 * problem+json). The counts over the real ledger are tested end to end (integration-tests/e2e,
 * ConsoleInBrowserTest) and in contact-governance (ContactPressureTest).
 */
@QuarkusTest
@TestProfile(RoutesTest.OwnChannels.class)
class ContactPressureRoutesTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String ROUTE = "/api/v1/contact-pressure";

    @Test
    void supervisorsAndAdminsReachContactGovernanceAgentsDoNot() {
        asAgent("ann").when().get(ROUTE).then().statusCode(403).contentType(PROBLEM)
                .body("type", is("urn:crowsnest:problem:permission-denied"));
        given().when().get(ROUTE).then().statusCode(401);
        as("sue", "supervisor").when().get(ROUTE).then().statusCode(503).contentType(PROBLEM);
        asAdmin().queryParam("from", "2026-03-01T00:00:00Z").queryParam("to", "2026-03-08T00:00:00Z")
                .queryParam("division", "cards").queryParam("channel", "email,SMS").when().get(ROUTE).then()
                .statusCode(503).contentType(PROBLEM);
    }

    @Test
    void aBadWindowOrChannelIsRefusedNamingTheParameter() {
        as("sue", "supervisor").queryParam("from", "yesterday").when().get(ROUTE).then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", is(List.of("from")));
        as("sue", "supervisor").queryParam("from", "2026-03-08T00:00:00Z").queryParam("to", "2026-03-08T00:00:00Z")
                .when().get(ROUTE).then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", is(List.of("to"))).body("violations[0].description",
                        containsString("must be after from"));
        as("sue", "supervisor").queryParam("from", "2026-01-01T00:00:00Z").queryParam("to", "2026-04-03T00:00:01Z")
                .when().get(ROUTE).then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", is(List.of("to"))).body("violations[0].description",
                        containsString("at most 92 days"));
        // only from, too long ago: the window runs to now
        as("sue", "supervisor").queryParam("from", Instant.now().minus(Duration.ofDays(93)).toString())
                .when().get(ROUTE).then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", is(List.of("to")));
        // only to: the 7 days before it
        as("sue", "supervisor").queryParam("to", "2026-03-08T00:00:00Z").when().get(ROUTE).then().statusCode(503);
        as("sue", "supervisor").queryParam("channel", "PIGEON").queryParam("to", "soon").when().get(ROUTE).then()
                .statusCode(400).contentType(PROBLEM).body("violations.field", is(List.of("to", "channel")));
    }
}
