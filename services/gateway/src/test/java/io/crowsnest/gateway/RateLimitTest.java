package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.asAgent;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Rate limits per client: with a burst of 3 and almost no refill, a client's fourth request is 429
 * problem+json with Retry-After, while another client still gets through.
 */
@QuarkusTest
@TestProfile(RateLimitTest.Tight.class)
class RateLimitTest {

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("crowsnest.gateway.rate-limit.burst", "3", "crowsnest.gateway.rate-limit.per-second",
                    "0.01");
        }
    }

    @Test
    void aClientOverItsLimitIsToldWhenToRetryAndOthersAreNotHeldBack() {
        for (int i = 0; i < 3; i++) {
            asAgent("busy").when().get("/api/v1/customers/p-1").then().statusCode(503);
        }
        asAgent("busy").when().get("/api/v1/customers/p-1").then().statusCode(429)
                .contentType("application/problem+json").body("status", is(429))
                .header("Retry-After", is("100")).body("detail", containsString("retry after 100 s"));
        asAgent("calm").when().get("/api/v1/customers/p-1").then().statusCode(503);
    }
}
