package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.asAdmin;
import static io.crowsnest.gateway.testing.TestIssuer.asAgent;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The status page through HTTP, with identity played by a real gRPC server running the standard
 * health service (SERVING, with a mongodb component) and every other service unreachable.
 */
@QuarkusTest
class StatusResourceTest {

    private static Server identity;

    @BeforeAll
    static void startIdentity() throws IOException {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus("mongodb", ServingStatus.SERVING);
        identity = ServerBuilder.forPort(19181).addService(health.getHealthService()).build().start();
    }

    @AfterAll
    static void stopIdentity() throws InterruptedException {
        identity.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void reportsEachServiceAndStoreAndIsUnavailableWhileAnyIsDown() {
        asAdmin().when().get("/api/v1/status").then().log().ifValidationFails()
                .statusCode(503)
                .body("status", is("DOWN"))
                .body("services.size()", is(6))
                .body("services[0].name", is("identity"))
                .body("services[0].status", is("UP"))
                .body("services[0].stores[0].name", is("mongodb"))
                .body("services[0].stores[0].status", is("UP"))
                .body("services.find { it.name == 'contact-governance' }.status", is("DOWN"))
                .body("services.find { it.name == 'contact-governance' }.detail", containsString("UNAVAILABLE"));
    }

    @Test
    void unknownRoutesAnswerProblemJson() {
        asAdmin().when().get("/api/v1/no-such-thing").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", is(404))
                .body("title", is("Not Found"));
    }
}
