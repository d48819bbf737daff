package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.as;
import static io.crowsnest.gateway.testing.TestIssuer.asAdmin;
import static io.crowsnest.gateway.testing.TestIssuer.asAgent;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Erasure and policy simulation are for administrators only (agents and supervisors get 403
 * problem+json); a request the gateway can tell is wrong is 400 naming the field; an erasure that
 * identity does not carry out (nothing listens at identity in tests) is refused with identity's
 * status and leaves nothing stored. The erasure across the real services is tested end to end
 * (integration-tests/e2e, ErasureThroughGateway).
 */
@QuarkusTest
@TestProfile(RoutesTest.OwnChannels.class)
class ErasureRoutesTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String ERASURE = "{\"person_id\": \"p-1\", \"reason\": {\"code\": \"GDPR_ERASURE\"}}";

    @Test
    void onlyAdministratorsEraseOrSimulate() {
        for (var caller : new io.restassured.specification.RequestSpecification[] {asAgent("ann"),
                as("sue", "supervisor")}) {
            caller.contentType(ContentType.JSON).header("Idempotency-Key", "k-1").body(ERASURE)
                    .when().post("/api/v1/erasures").then().statusCode(403).contentType(PROBLEM)
                    .body("type", is("urn:crowsnest:problem:permission-denied"));
        }
        asAgent("ann").when().get("/api/v1/erasures/er-1").then().statusCode(403).contentType(PROBLEM);
        asAgent("ann").contentType(ContentType.JSON).body("{}").when().post("/api/v1/admin/policies/simulation")
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void aBadErasureRequestIsRefusedNamingTheField() {
        asAdmin().contentType(ContentType.JSON).body("{\"reason\": {\"code\": \"gdpr\"}}")
                .when().post("/api/v1/erasures").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", hasItems("Idempotency-Key", "person_id", "reason.code"));
        asAdmin().contentType(ContentType.JSON).header("Idempotency-Key", "k-2")
                .body("{\"person_id\": \"p-1\", \"reason\": {\"code\": \"GDPR_ERASURE\"}, \"also\": \"everyone\"}")
                .when().post("/api/v1/erasures").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", hasItem("body")).body("detail", containsString("also"));
        asAdmin().contentType(ContentType.JSON).header("Idempotency-Key", "k-3").body("{\"person_id\": ")
                .when().post("/api/v1/erasures").then().statusCode(400).contentType(PROBLEM);
        asAdmin().contentType(ContentType.JSON).header("Idempotency-Key", "k-4").body("")
                .when().post("/api/v1/erasures").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void anErasureIdentityDoesNotCarryOutStoresNothing() {
        String key = "k-" + UUID.randomUUID();
        asAdmin().contentType(ContentType.JSON).header("Idempotency-Key", key).body(ERASURE)
                .when().post("/api/v1/erasures").then().statusCode(503).contentType(PROBLEM)
                .body("grpc_status", is("UNAVAILABLE"));
        String id = "er-" + UUID.nameUUIDFromBytes(("erasure:" + key).getBytes(StandardCharsets.UTF_8));
        asAdmin().when().get("/api/v1/erasures/" + id).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void aSimulationReachesContactGovernanceOnceItsBodyIsRight() {
        asAdmin().contentType(ContentType.JSON).body("{\"policy_version\": {\"policy_id\": \"default\", \"version\": 2},"
                + " \"time_range\": {\"start\": \"2026-01-01T00:00:00Z\"}}")
                .when().post("/api/v1/admin/policies/simulation").then().statusCode(503).contentType(PROBLEM);
        asAdmin().contentType(ContentType.JSON).body("{\"policy_versio\": {}}")
                .when().post("/api/v1/admin/policies/simulation").then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", hasItem("body"));
        asAdmin().contentType(ContentType.JSON).body("")
                .when().post("/api/v1/admin/policies/simulation").then().statusCode(400).contentType(PROBLEM);
    }
}
