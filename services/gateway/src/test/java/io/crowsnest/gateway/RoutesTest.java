package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.asAdmin;
import static io.crowsnest.gateway.testing.TestIssuer.asAgent;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Every API route reaches its backend call: in tests nothing listens on the services' ports, so
 * a routed request answers 503 (the backend is UNAVAILABLE) as problem+json, never 404 or 405.
 * Per-customer routes of different resource classes share one path template, which is what
 * this guards.
 */
@QuarkusTest
@TestProfile(RoutesTest.OwnChannels.class)
class RoutesTest {

    /**
     * Its own application instance: the failed calls here leave the gRPC channels in reconnect
     * backoff, which must not leak into tests that bring backends up.
     */
    public static class OwnChannels implements QuarkusTestProfile {
    }

    private static final String PROBLEM = "application/problem+json";

    @Test
    void everyCustomerRouteIsRouted() {
        for (String path : new String[] {"/api/v1/customers/p-1", "/api/v1/customers/p-1/events",
                "/api/v1/customers/p-1/scores", "/api/v1/customers/p-1/consents",
                "/api/v1/customers/p-1/contact-history",
                "/api/v1/customers/p-1/contact-status?division=cards&channels=EMAIL",
                "/api/v1/admin/scoring/plans", "/api/v1/admin/scoring/segments", "/api/v1/admin/policies"}) {
            asAdmin().when().get(path).then().statusCode(503).contentType(PROBLEM);
        }
        asAdmin().contentType(ContentType.JSON).header("Idempotency-Key", "k-1")
                .body("{\"question_id\": \"q\", \"answer\": \"yes\"}")
                .when().post("/api/v1/customers/p-1/answers").then().statusCode(503).contentType(PROBLEM);
        asAdmin().contentType(ContentType.JSON).body("{\"event_id\": \"e-1\"}")
                .when().post("/api/v1/events").then().statusCode(503).contentType(PROBLEM);
        asAgent("ann").contentType(ContentType.JSON).body("{\"type\": \"email\", \"value\": \"a@example.com\"}")
                .when().post("/api/v1/customers/lookup").then().statusCode(503).contentType(PROBLEM);
    }

    @Test
    void aLookupTakesTheIdentifierInTheBodyOnly() {
        asAgent("ann").contentType(ContentType.JSON).body("{\"type\": \"email\"}")
                .when().post("/api/v1/customers/lookup").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", is(java.util.List.of("value")));
        asAgent("ann").contentType(ContentType.JSON).body("{\"type\": \"email\", \"value\": \"a@example.com\", \"id\": 1}")
                .when().post("/api/v1/customers/lookup").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", is(java.util.List.of("body")));
        asAgent("ann").contentType(ContentType.JSON).body("{\"type\": \"email\", \"value\": ")
                .when().post("/api/v1/customers/lookup").then().statusCode(400).contentType(PROBLEM);
        // the old query form is gone: an email never travels in a URL
        asAgent("ann").when().get("/api/v1/customers?type=email&value=a@example.com").then().statusCode(404)
                .contentType(PROBLEM);
    }

    @Test
    void contactStatusTakesAPlannedTimeAndRefusesOneThatIsNotAnInstant() {
        asAgent("ann").when().get("/api/v1/customers/p-1/contact-status?division=cards&planned_at=2026-03-02T09:00:00Z")
                .then().statusCode(503).contentType(PROBLEM);
        asAgent("ann").when().get("/api/v1/customers/p-1/contact-status?division=cards&planned_at=tomorrow")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", is(java.util.List.of("planned_at")));
    }

    @Test
    void aServerSideProblemCarriesTheTraceIdOfTheRequestInSnakeCase() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        asAgent("ann").header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").when()
                .get("/api/v1/customers/p-1").then().statusCode(503).contentType(PROBLEM)
                .body("trace_id", is(traceId)).body("grpc_status", is("UNAVAILABLE"));
    }

    @Test
    void anUnknownRouteUnderACustomerIsNotFound() {
        asAdmin().when().get("/api/v1/customers/p-1/nothing-here").then().statusCode(404).contentType(PROBLEM)
                .body("status", is(404));
    }
}
