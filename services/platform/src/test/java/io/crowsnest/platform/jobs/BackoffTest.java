package io.crowsnest.platform.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

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
    void aContendedOperationWaitsAMillisecondFirstAndAtMostTwentyPlusJitter() {
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 20L, 20L),
                java.util.stream.IntStream.range(0, 7).mapToObj(Backoff.CONTENDED::base).map(Duration::toMillis)
                        .toList());
        for (int i = 0; i < 200; i++) {
            long wait = Backoff.CONTENDED.wait(9).toMillis();
            assertTrue(wait >= 20 && wait <= 30, "wait " + wait);
        }
    }

    @Test
    void anInterruptedPauseEndsAtOnceAndLeavesTheInterruptForTheCaller() {
        Backoff hourly = new Backoff(Duration.ofHours(1), Duration.ofHours(1));
        Thread.currentThread().interrupt();
        try {
            assertFalse(hourly.pause(0), "an interrupted thread does not wait an hour");
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
    }
}
