package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.asAdmin;
import static io.crowsnest.gateway.testing.TestIssuer.asAgent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.crowsnest.gateway.testing.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Bad input is refused before any service is called, always as problem+json: an oversized body
 * (413 saying the limit), a body without a Content-Length (411), malformed JSON and unknown fields
 * (400 naming the body), a body that is not JSON (415), an unknown method or route (405, 404), HEAD
 * of a live stream (405); browsers of unlisted origins get no CORS grant.
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

    /** Chunked, its size is known only once read: the HTTP layer would refuse one over 1 MB with an empty 413. */
    @Test
    void aBodyWithoutAContentLengthIsRefused() throws Exception {
        for (int size : new int[] {20, 1_100_000}) {
            byte[] body = ("{\"event_id\": \"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(
                    URI.create("http://localhost:" + RestAssured.port + "/api/v1/events"))
                    .header("Authorization", "Bearer " + TestIssuer.token("ann", "agent"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(411, answer.statusCode(), answer.body());
            assertEquals(PROBLEM, answer.headers().firstValue("Content-Type").orElse(""));
            assertThat(answer.body(), containsString("\"field\":\"Content-Length\""));
        }
    }

    /** A HEAD answered by the stream's GET would keep writing events onto a connection the client reuses. */
    @Test
    void aLiveStreamHasNoHead() {
        asAgent("ann").when().head("/api/v1/inbox/stream").then().statusCode(405).contentType(PROBLEM)
                .header("Allow", "GET");
        asAgent("ann").when().head("/api/v1/customers/p-1/activity").then().statusCode(405).contentType(PROBLEM);
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
