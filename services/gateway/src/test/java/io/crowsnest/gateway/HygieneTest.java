package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.asAdmin;
import static io.crowsnest.gateway.testing.TestIssuer.asAgent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Bad input is refused before any service is called, always as problem+json: an oversized body
 * (413 saying the limit), malformed JSON and unknown fields (400 naming the body), a body that is
 * not JSON (415), an unknown method or route (405, 404); browsers of unlisted origins get no CORS grant.
 */
@QuarkusTest
@TestProfile(RoutesTest.OwnChannels.class)
class HygieneTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void anOversizedBodyIsRefused() {
        String big = "{\"event_id\": \"" + "x".repeat(1_100_000) + "\"}";
        asAgent("ann").contentType(ContentType.JSON).body(big).when().post("/api/v1/events").then().statusCode(413)
                .contentType(PROBLEM).body("status", is(413)).body("title", is("Content Too Large"))
                .body("detail", containsString("at most 1048576 bytes")).body("violations.field", hasItem("body"));
        asAdmin().contentType(ContentType.JSON).header("Idempotency-Key", "k-413").body("{\"plan\": \"" + "y".repeat(1_100_000) + "\"}")
                .when().post("/api/v1/admin/scoring/plans").then().statusCode(413).contentType(PROBLEM);
    }

    @Test
    void aBodyThatIsNotJsonOrARouteThatDoesNotExistIsAProblemToo() {
        asAgent("ann").contentType(ContentType.TEXT).body("event_id=e-1").when().post("/api/v1/events").then()
                .statusCode(415).contentType(PROBLEM).body("title", is("Unsupported Media Type"));
        asAgent("ann").when().delete("/api/v1/events").then().statusCode(405).contentType(PROBLEM)
                .body("title", is("Method Not Allowed"));
        asAgent("ann").when().get("/api/v1/no-such-route").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void malformedJsonAndUnknownFieldsAreRefusedNamingTheBody() {
        asAgent("ann").contentType(ContentType.JSON).body("{\"event_id\": ").when().post("/api/v1/events").then()
                .statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("body"));
        asAgent("ann").contentType(ContentType.JSON).body("{\"event_id\": \"e-1\", \"$where\": \"sleep(1000)\"}")
                .when().post("/api/v1/events").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", hasItem("body"));
        asAgent("ann").contentType(ContentType.JSON).header("Idempotency-Key", "k-1").body("[1, 2]")
                .when().post("/api/v1/customers/p-1/decisions").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void browsersOfUnlistedOriginsGetNoCorsGrant() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .when().options("/api/v1/customers/p-1").then().header("Access-Control-Allow-Origin", nullValue());
    }
}
