package io.crowsnest.platform.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.crowsnest.localstack.testing.Await;

class RestartingJobTest {

    @Test
    void itTriesAgainAfterABackoffWhenAnAttemptFailsOrThrowsAndStopsWhenClosed() {
        AtomicInteger attempts = new AtomicInteger();
        List<Long> gaps = new CopyOnWriteArrayList<>();
        long[] last = { System.nanoTime() };
        RestartingJob job = RestartingJob.start("test-restarting", new Backoff(Duration.ofMillis(5),
                Duration.ofMillis(20)), () -> {
                    long now = System.nanoTime();
                    gaps.add((now - last[0]) / 1_000_000);
                    last[0] = now;
                    if (attempts.incrementAndGet() % 2 == 0) {
                        throw new IllegalStateException("peer away");
                    }
                    return false;
                });
        Await.until(Duration.ofSeconds(10), () -> attempts.get() >= 6, () -> "six attempts, made " + attempts.get());
        job.close();
        assertTrue(job.closed());
        int made = attempts.get();
        Await.holds(Duration.ofMillis(100), () -> attempts.get() == made, "no attempt after close");
        assertTrue(gaps.subList(1, 6).stream().allMatch(gap -> gap >= 5), "each attempt waited a back-off: " + gaps);
    }
}
