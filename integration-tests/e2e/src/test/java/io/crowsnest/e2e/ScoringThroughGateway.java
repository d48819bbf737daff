package io.crowsnest.e2e;

import io.crowsnest.localstack.LocalStack;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * An administrator defines segments through the gateway: a segmentation system (created 201 with
 * its Location, updated 200), a valid segment
 * (listed afterwards), and a segment whose CEL expression misspells a score name, refused with
 * the position and the reason; an agent's write is refused (403: segments are for admins).
 *
 * <p>Run by {@link SuiteEndToEndTest} against the stack it started.
 */
final class ScoringThroughGateway {

    private static final String PROBLEM_JSON = "application/problem+json";

    private ScoringThroughGateway() {
    }

    static void run(LocalStack stack) {
        RequestSpecification gateway = GatewayAs.builder(stack, "ada").setContentType(ContentType.JSON).build();
        String system = "e2e-" + UUID.randomUUID().toString().substring(0, 8);

        String systemLocation = given(gateway).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"system\": {\"system_id\": \"" + system + "\", \"display_name\": \"E2E lifecycle\"}}")
                .when().put("/api/v1/admin/scoring/systems")
                .then().statusCode(201).header("Location", endsWith("/api/v1/admin/scoring/systems/" + system))
                .body("system.system_id", is(system)).extract().header("Location");
        given(gateway).when().get(java.net.URI.create(systemLocation).getRawPath())
                .then().statusCode(200).body("system.system_id", is(system)).body("system.revision", is("1"));
        // an update of the system is no create: 200, no Location
        given(gateway).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"system\": {\"system_id\": \"" + system + "\", \"display_name\": \"E2E lifecycle 2\"}, "
                        + "\"expected_revision\": \"1\"}")
                .when().put("/api/v1/admin/scoring/systems")
                .then().statusCode(200).header("Location", nullValue()).body("system.revision", is("2"));
        given(gateway).when().get("/api/v1/admin/scoring/systems/" + system + "-none")
                .then().statusCode(404).contentType(PROBLEM_JSON);

        given(gateway).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(segment(system + "-active", system, "features.purchase_count > 0"))
                .when().put("/api/v1/admin/scoring/segments")
                .then().statusCode(201).header("Location", endsWith("/api/v1/admin/scoring/segments/" + system + "-active"))
                .body("segment.segment_id", is(system + "-active"));
        String plan = system + "-plan";
        String location = given(gateway).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"plan\": {\"plan_id\": \"" + plan + "\", \"display_name\": \"E2E plan\", \"scores\": [{\"name\": "
                        + "\"engagement\", \"half_life_seconds\": 604800, \"min_value\": 0, \"max_value\": 100}], "
                        + "\"rules\": [{\"rule_id\": \"view\", \"description\": \"Viewed a page\", \"condition\": "
                        + "{\"event_types\": [\"page_view\"]}, \"points\": [{\"score_name\": \"engagement\", \"points\": 4}]}]}}")
                .when().post("/api/v1/admin/scoring/plans")
                .then().statusCode(201).header("Location", endsWith("/api/v1/admin/scoring/plans/" + plan + "?version=1"))
                .extract().header("Location");
        given(gateway).when().get(java.net.URI.create(location).getRawPath() + "?version=1")
                .then().statusCode(200).body("plan_version.plan.plan_id", is(plan));
        given(gateway).queryParam("system", system).when().get("/api/v1/admin/scoring/segments")
                .then().statusCode(200).body("segments.segment_id", hasItem(system + "-active"));

        given(gateway).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(segment(system + "-typo", system, "scores.purchase_intnet > 50.0"))
                .when().put("/api/v1/admin/scoring/segments")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("violations[0].field", is("segment.expression"))
                .body("violations[0].description", startsWith("1:"));
        given(gateway).auth().oauth2(GatewayAs.token("ann")).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(segment(system + "-nobody", system, "true"))
                .when().put("/api/v1/admin/scoring/segments")
                .then().statusCode(403).contentType(PROBLEM_JSON).body("status", is(403));
    }

    private static String segment(String id, String system, String expression) {
        return "{\"segment\": {\"segment_id\": \"" + id + "\", \"system_id\": \"" + system
                + "\", \"display_name\": \"" + id + "\", \"priority\": 1, \"expression\": \"" + expression + "\"}}";
    }
}
