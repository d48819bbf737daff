package io.crowsnest.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.testing.Await;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * An administrator erases a customer every service knows (an agent recorded a call, read the 360,
 * asked for a decision): POST /api/v1/erasures answers 202 with a Location, whose GET shows each
 * service ERASED once done; afterwards the access audit has no record under the person's id,
 * profile, scoring and contact-governance answer 404 for the customer and decisioning lists no
 * decision. Repeating the request with its key answers the
 * same erasure; the key for another person is 409. A policy simulation reaches contact-governance.
 *
 * <p>Run by {@link SuiteEndToEndTest} against the stack it started.
 */
final class ErasureThroughGateway {

    private static final String PROBLEM_JSON = "application/problem+json";

    private ErasureThroughGateway() {
    }

    static void run(LocalStack stack) {
        RequestSpecification admin = GatewayAs.user(stack, "ada");
        String email = "erase-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String personId = given(admin).contentType(ContentType.JSON).auth().oauth2(GatewayAs.token("ann"))
                .body("""
                        {"event_id": "cc:%s", "identifiers": [{"type": "email", "value": "%s"}],
                         "type": "EVENT_TYPE_CALL_CENTRE_CALL", "channel": "CHANNEL_PHONE", "occurred_at": "%s"}
                        """.formatted(UUID.randomUUID(), email, Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS)))
                .when().post("/api/v1/events").then().statusCode(200).extract().path("person_id");
        given(admin).auth().oauth2(GatewayAs.token("ann")).when().get("/api/v1/customers/" + personId)
                .then().statusCode(200);
        given(admin).contentType(ContentType.JSON).auth().oauth2(GatewayAs.token("ann"))
                .header("Idempotency-Key", UUID.randomUUID().toString()).body("{}")
                .when().post("/api/v1/customers/" + personId + "/decisions").then().statusCode(201);
        given(admin).queryParam("person_id", personId).when().get("/api/v1/admin/access-audit")
                .then().statusCode(200).body("accesses.person_id", hasItem(personId));

        String key = UUID.randomUUID().toString();
        String erasure = "{\"person_id\": \"" + personId + "\", \"reason\": {\"code\": \"GDPR_ERASURE\", "
                + "\"message\": \"e2e request\"}}";
        String location = given(admin).contentType(ContentType.JSON).header("Idempotency-Key", key).body(erasure)
                .when().post("/api/v1/erasures")
                .then().statusCode(202).header("Location", org.hamcrest.Matchers.containsString("/api/v1/erasures/er-"))
                .body("person_id", is(personId)).body("requested_by", is("ada"))
                .body("services.service", is(List.of("identity", "profile", "scoring", "decisioning",
                        "contact-governance", "alert-notification", "gateway")))
                .extract().header("Location");
        String path = java.net.URI.create(location).getRawPath();

        Await.until(Duration.ofSeconds(30), () -> given(admin).when().get(path).then().statusCode(200).extract()
                .<String>path("state"), "COMPLETE"::equals, "erasure " + path + " COMPLETE");
        given(admin).when().get(path).then().statusCode(200).body("state", is("COMPLETE"))
                .body("services.state", everyItem(is("ERASED"))).body("erasure_id", endsWith(path.substring(path.lastIndexOf('/') + 1)));
        // the access audit keeps that the customer was read, under a pseudonym only
        given(admin).queryParam("person_id", personId).when().get("/api/v1/admin/access-audit")
                .then().statusCode(200).body("accesses.person_id", not(hasItem(personId)));

        // each service answers for a forgotten person as for one it never knew: 404 on reads of the
        // person (profile, scoring, contact-governance), no decisions listed (decisioning)
        for (String read : new String[] {"", "/events", "/scores", "/consents", "/contact-status?division=cards"}) {
            int status = given(admin).when().get("/api/v1/customers/" + personId + read).then().extract().statusCode();
            org.junit.jupiter.api.Assertions.assertEquals(404, status, "GET /api/v1/customers/{id}" + read
                    + " after the erasure");
        }
        given(admin).when().get("/api/v1/customers/" + personId + "/decisions").then().statusCode(200)
                .body("decisions", org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.nullValue(),
                        org.hamcrest.Matchers.empty()));
        given(admin).contentType(ContentType.JSON).body("{\"type\": \"email\", \"value\": \"" + email + "\"}")
                .when().post("/api/v1/customers/lookup").then().statusCode(404).contentType(PROBLEM_JSON);

        given(admin).contentType(ContentType.JSON).header("Idempotency-Key", key).body(erasure)
                .when().post("/api/v1/erasures").then().statusCode(202).header("Location", is(location))
                .body("state", is("COMPLETE"));
        given(admin).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"person_id\": \"someone-else\", \"reason\": {\"code\": \"GDPR_ERASURE\"}}")
                .when().post("/api/v1/erasures").then().statusCode(409).contentType(PROBLEM_JSON);

        given(admin).contentType(ContentType.JSON)
                .body("{\"policy_version\": {\"policy_id\": \"no-such-policy\", \"version\": 1}, "
                        + "\"time_range\": {\"start\": \"" + Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS) + "\"}}")
                .when().post("/api/v1/admin/policies/simulation").then().statusCode(404).contentType(PROBLEM_JSON);
    }
}
