package io.crowsnest.decisioning.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The idempotency key a campaign member's reservation is released under: it names no person (so the
 * answer contact-governance keeps under it names nobody) and is the same for the same reservation
 * whoever computes it and whenever (so a release retried after a restart is one release).
 */
class ReleaseKeyTest {

    private static CampaignMember member(String campaign, String person, String reservation) {
        return new CampaignMember(campaign, person, 7, CampaignGroup.TARGET, MemberState.RESERVED, "offer-1", "EMAIL",
                "dec-1", reservation, List.of(), Instant.parse("2026-12-06T10:00:00Z"), null, Set.of(), 0, null);
    }

    @Test
    void aReleaseKeyHoldsTheCampaignAndReservationButNoPersonId() {
        String person = "p-4f1c2b9e-7d3a-4c55-9a1e-2b8f0c6d7e11";
        String key = member("cmp-autumn", person, "rsv-91aa").releaseKey();
        assertEquals("cmp:cmp-autumn:rsv-91aa:release", key);
        assertFalse(key.contains(person), key);
        assertFalse(key.contains("4f1c2b9e"), "not even part of the person id: " + key);
    }

    @Test
    void theSameReservationIsReleasedUnderTheSameKeyAndAnotherUnderAnother() {
        CampaignMember before = member("cmp-autumn", "p-1", "rsv-1");
        CampaignMember afterARestart = member("cmp-autumn", "p-1", "rsv-1");
        assertEquals(before.releaseKey(), afterARestart.releaseKey());
        assertNotEquals(before.releaseKey(), member("cmp-autumn", "p-1", "rsv-2").releaseKey());
        assertNotEquals(before.releaseKey(), member("cmp-winter", "p-1", "rsv-1").releaseKey());
    }
}
