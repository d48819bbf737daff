package io.crowsnest.platform.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.identity.v1.PersonsMerged;
import io.crowsnest.identity.v1.PersonForgotten;
import io.crowsnest.identity.v1.PersonsUnmerged;
import io.crowsnest.platform.grpc.Timestamps;

/** Each kind of identity change reads as the event its followers act on, with its ids and offset. */
class IdentityEventTest {

    static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");

    @Test
    void aMergeNamesTheMergedIdAndTheSurvivor() {
        assertEquals(new IdentityEvent.Merged(7, "m-1", "p-merged", "p-survivor", AT), IdentityEvent.of(
                IdentityChange.newBuilder().setOffset(7).setOccurredAt(Timestamps.of(AT)).setMerged(PersonsMerged
                        .newBuilder().setMergeId("m-1").setMergedPersonId("p-merged").setSurvivorPersonId("p-survivor"))
                        .build()));
    }

    @Test
    void anErasureNamesThePersonAndEveryIdMergedIntoThem() {
        assertEquals(new IdentityEvent.Forgotten(8, "p-1", List.of("p-2", "p-3"), AT), IdentityEvent.of(
                IdentityChange.newBuilder().setOffset(8).setOccurredAt(Timestamps.of(AT)).setForgotten(PersonForgotten.newBuilder().setPersonId("p-1")
                        .addMergedPersonIds("p-2").addMergedPersonIds("p-3")).build()));
    }

    @Test
    void anUnmergeNamesTheRestoredIdAndAnUnknownKindKeepsItsOffset() {
        assertEquals(new IdentityEvent.Unmerged(9, "m-1", "p-survivor", "p-restored", AT), IdentityEvent.of(
                IdentityChange.newBuilder().setOffset(9).setOccurredAt(Timestamps.of(AT)).setUnmerged(PersonsUnmerged
                        .newBuilder().setMergeId("m-1").setSurvivorPersonId("p-survivor")
                        .setRestoredPersonId("p-restored")).build()));
        assertEquals(new IdentityEvent.Unknown(10), IdentityEvent.of(IdentityChange.newBuilder().setOffset(10).build()));
    }
}
