package io.crowsnest.platform.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
