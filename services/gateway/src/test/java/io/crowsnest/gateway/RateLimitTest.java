package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.asAgent;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Rate limits per client: with a burst of 3 and almost no refill, a client's fourth request is 429
 * problem+json with Retry-After (the seconds until a token refills, also in the detail), while another
 * client still gets through.
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
        var refused = asAgent("busy").when().get("/api/v1/customers/p-1").then().statusCode(429)
                .contentType("application/problem+json").body("status", is(429)).extract();
        // one token at 0.01/s takes 100 s, less what refilled while the three requests ran (real time)
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter > 50 && retryAfter <= 100, "Retry-After " + retryAfter);
        assertTrue(refused.path("detail").toString().contains("retry after " + retryAfter + " s"),
                refused.body().asString());
        asAgent("calm").when().get("/api/v1/customers/p-1").then().statusCode(503);
    }
}
