package io.crowsnest.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Health and metrics are served apart from the public API: on the management port /q/health (its
 * probes) and /q/metrics answer, on the public port — the one an Ingress exposes — they do not
 * exist (404 problem+json), while the API documentation stays there for the API's users.
 */
@QuarkusTest
@TestProfile(RoutesTest.OwnChannels.class)
class ManagementInterfaceTest {

    private static final String PROBLEM = "application/problem+json";

    private static int managementPort() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    @Test
    void healthAndMetricsAreNotOnThePublicPort() {
        for (String path : new String[] {"/q/health", "/q/health/live", "/q/health/ready", "/q/health/started",
                "/q/metrics"}) {
            given().when().get(path).then().statusCode(404).contentType(PROBLEM);
        }
        given().accept("application/json").when().get("/q/openapi?format=json").then().statusCode(200);
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void healthAndMetricsAreOnTheManagementPort() {
        int port = managementPort();
        given().port(port).when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().port(port).when().get("/q/health/started").then().statusCode(200);
        given().port(port).when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
        // the management port serves nothing of the API
        given().port(port).when().get("/api/v1/status").then().statusCode(404);
    }
}
