package io.crowsnest.scoring;

import static io.crowsnest.scoring.Scoring.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowsnest.scoring.store.ClaimsAhead;
import io.crowsnest.scoring.store.EventIds;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import redis.clients.jedis.UnifiedJedis;

/** A batch's event id claims taken ahead answer each event as its own claim at its turn would. */
@QuarkusTest
@TestProfile(Stores.class)
class ClaimsAheadTest {

    private static final Duration RETENTION = Duration.ofMinutes(5);

    @Inject
    EventIds eventIds;
    @Inject
    UnifiedJedis jedis;

    private static ClaimsAhead.Wanted wanted(String eventId, String hash) {
        return new ClaimsAhead.Wanted(eventId, hash);
    }

    private String held(String eventId) {
        return jedis.get("sc:eid:{" + eventId + "}");
    }

    @Test
    void newAndRedeliveredIdsAnswerAsSingleClaims() {
        String seen = unique("event-");
        String reused = unique("event-");
        String fresh = unique("event-");
        assertTrue(eventIds.claim(seen, "h1", RETENTION));
        assertTrue(eventIds.claim(reused, "h1", RETENTION));

        ClaimsAhead claims = eventIds.ahead(List.of(wanted(seen, "h1"), wanted(reused, "h2"), wanted(fresh, "h3")),
                RETENTION);
        assertTrue(claims.claim(seen, "h1", RETENTION));
        assertFalse(claims.claim(reused, "h2", RETENTION));
        assertTrue(claims.claim(fresh, "h3", RETENTION));
        // a second event with the same id claims on its own, as it would have
        assertTrue(claims.claim(fresh, "h3", RETENTION));
        assertFalse(claims.claim(fresh, "other", RETENTION));
        claims.releaseUnused();
        assertEquals("h3", held(fresh));
        assertEquals("h1", held(reused));
    }

    @Test
    void claimsOfEventsNeverObservedAreGivenBack() {
        String heldBack = unique("event-");
        String twice = unique("event-");
        ClaimsAhead claims = eventIds.ahead(List.of(wanted(heldBack, "h1"), wanted(twice, "h1"),
                wanted(twice, "h2")), RETENTION);
        // the first event with id 'twice' was not observed: the next one, with other content, claims it
        assertTrue(claims.claim(twice, "h2", RETENTION));
        assertEquals("h2", held(twice));
        claims.releaseUnused();
        assertNull(held(heldBack));
        assertTrue(eventIds.claim(heldBack, "other", RETENTION));
    }
}
