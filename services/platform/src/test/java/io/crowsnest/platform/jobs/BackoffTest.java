package io.crowsnest.platform.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.crowsnest.localstack.testing.Await;

class BackoffTest {

    @Test
    void eachFailureInARowDoublesTheWaitUpToTheCeiling() {
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L),
                java.util.stream.IntStream.range(0, 8).mapToObj(Backoff.PEER::base).map(Duration::toMillis).toList());
        assertEquals(Duration.ofSeconds(30), Backoff.PEER.base(10_000), "no overflow after many failures");
    }

    @Test
    void aWaitGetsUpToHalfOfItselfAgainAtRandom() {
        for (int i = 0; i < 200; i++) {
            long wait = Backoff.PEER.wait(1).toMillis();
            assertTrue(wait >= 1000 && wait <= 1500, "wait " + wait);
        }
    }

    @Test
    void aWaitThatCannotGrowOrIsNotPositiveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    @Test
    void aRestartingJobTriesAgainAfterFailuresAndThrowsAndStopsWhenClosed() {
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
