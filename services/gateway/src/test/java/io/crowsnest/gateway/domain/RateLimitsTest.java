package io.crowsnest.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class RateLimitsTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void aBurstThenTheSustainedRateWithTheWaitToldToTheRefused() {
        RateLimits limits = new RateLimits(2, 3);
        for (int i = 0; i < 3; i++) {
            assertTrue(limits.take("a", T0).allowed());
        }
        RateLimits.Verdict refused = limits.take("a", T0);
        assertFalse(refused.allowed());
        assertEquals(Duration.ofMillis(500), refused.retryAfter());
        assertTrue(limits.take("b", T0).allowed(), "another client has its own bucket");
        assertTrue(limits.take("a", T0.plusMillis(500)).allowed(), "half a second refills one at 2/s");
        assertFalse(limits.take("a", T0.plusMillis(500)).allowed());
        for (int i = 0; i < 3; i++) {
            assertTrue(limits.take("a", T0.plusSeconds(60)).allowed(), "refills up to the burst, not beyond");
        }
        assertFalse(limits.take("a", T0.plusSeconds(60)).allowed());
    }

    @Test
    void concurrentRequestsOfOneClientNeverGetMoreThanTheBurst() throws InterruptedException {
        RateLimits limits = new RateLimits(0.001, 50);
        AtomicInteger allowed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 400; i++) {
            pool.submit(() -> {
                if (limits.take("same", T0).allowed()) {
                    allowed.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(50, allowed.get());
    }

    @Test
    void aLimitNeedsARateAndABurst() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimits(0, 5));
        assertThrows(IllegalArgumentException.class, () -> new RateLimits(1, 0));
    }
}
