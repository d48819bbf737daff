package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.asAgent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Bad input is refused before any service is called: an oversized body (413), malformed JSON and
 * unknown fields (400 problem+json naming the body); browsers of unlisted origins get no CORS grant.
 */
@QuarkusTest
@TestProfile(RoutesTest.OwnChannels.class)
class HygieneTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void anOversizedBodyIsRefused() {
        String big = "{\"event_id\": \"" + "x".repeat(1_100_000) + "\"}";
        asAgent("ann").contentType(ContentType.JSON).body(big).when().post("/api/v1/events").then().statusCode(413);
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
