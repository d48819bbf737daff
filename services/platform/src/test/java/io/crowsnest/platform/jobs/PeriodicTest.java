package io.crowsnest.platform.jobs;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class PeriodicTest {

    @Test
    void aPassThatFailsDoesNotEndTheJob() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch threeRuns = new CountDownLatch(3);
        try (Periodic job = Periodic.every("test-job", Duration.ofMillis(5), () -> {
            runs.incrementAndGet();
            threeRuns.countDown();
            throw new IllegalStateException("store away");
        })) {
            assertTrue(threeRuns.await(10, TimeUnit.SECONDS), "the job stopped after a failing pass: " + runs.get());
        }
    }

    @Test
    void aPassThatThrowsAnErrorDoesNotEndTheJobEither() throws InterruptedException {
        CountDownLatch twoRuns = new CountDownLatch(2);
        try (Periodic job = Periodic.every("test-job", Duration.ofMillis(5), () -> {
            twoRuns.countDown();
            throw new NoClassDefFoundError("a class that failed to load");
        })) {
            assertTrue(twoRuns.await(10, TimeUnit.SECONDS), "the job stopped after a pass that threw an Error");
        }
    }

    @Test
    void aNonPositiveIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Periodic.every("x", Duration.ZERO, () -> { }));
    }
}
