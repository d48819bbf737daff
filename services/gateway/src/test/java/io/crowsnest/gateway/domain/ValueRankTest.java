package io.crowsnest.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowsnest.gateway.domain.ValueRank.TierCount;

/** A customer's profitability rank: the share of customers in their tier or above, and the flag for the top tier. */
class ValueRankTest {

    private static final List<TierCount> TIERS = List.of(new TierCount("high", 80), new TierCount("medium", 320),
            new TierCount("low", 600));

    @Test
    void theTopTierIsTheMostProfitableWithItsShareOfAllCustomers() {
        ValueRank rank = ValueRank.of("high", 1, TIERS, 2_000);
        assertTrue(rank.mostProfitable());
        assertEquals(4.0, rank.topPercent());
        assertEquals(2_000, rank.customers());
        assertEquals("One of our most profitable customers: tier high, the top 4 % of 2,000 customers", rank.sentence());
    }

    @Test
    void aLowerTierCountsEveryTierAboveIt() {
        ValueRank rank = ValueRank.of("medium", 2, TIERS, 3_000);
        assertFalse(rank.mostProfitable());
        assertEquals(13.3, rank.topPercent());
        assertEquals("Profitability tier medium (rank 2), the top 13.3 % of 3,000 customers", rank.sentence());
        assertEquals(100.0, ValueRank.of("low", 3, TIERS, 1_000).topPercent());
    }

    /** Scoring's live person count may lag its snapshot's tiers: the share never exceeds 100 %. */
    @Test
    void thePopulationIsAtLeastTheCustomersRanked() {
        ValueRank rank = ValueRank.of("low", 3, TIERS, 10);
        assertEquals(1_000, rank.customers());
        assertEquals(100.0, rank.topPercent());
    }

    @Test
    void aTierTheSnapshotDoesNotHoldYetHasNoRank() {
        assertNull(ValueRank.of("platinum", 1, TIERS, 2_000));
        assertNull(ValueRank.of("high", 1, List.of(), 0));
        assertNull(ValueRank.of("high", 1, List.of(new TierCount("high", 0)), 0));
    }
}
