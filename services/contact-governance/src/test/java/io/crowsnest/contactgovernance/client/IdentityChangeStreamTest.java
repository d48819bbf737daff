package io.crowsnest.contactgovernance.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.crowsnest.contactgovernance.domain.IdentityEvent;
import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.identity.v1.PersonForgotten;
import io.crowsnest.identity.v1.PersonsMerged;
import io.crowsnest.identity.v1.PersonsUnmerged;

/** Each kind of identity change reaches the follower as the domain event that says what to do. */
class IdentityChangeStreamTest {

    @Test
    void eachChangeBecomesItsDomainEventWithItsOffset() {
        assertEquals(new IdentityEvent.Merged(7, "p-anon", "p-known", "merge-1"),
                IdentityChangeStream.event(IdentityChange.newBuilder().setOffset(7).setMerged(PersonsMerged
                        .newBuilder().setMergedPersonId("p-anon").setSurvivorPersonId("p-known")
                        .setMergeId("merge-1")).build()));
        assertEquals(new IdentityEvent.Forgotten(8, "p-known", List.of("p-anon", "p-old")),
                IdentityChangeStream.event(IdentityChange.newBuilder().setOffset(8).setForgotten(PersonForgotten
                        .newBuilder().setPersonId("p-known").addMergedPersonIds("p-anon")
                        .addMergedPersonIds("p-old")).build()));
        assertEquals(new IdentityEvent.Unmerged(9, "merge-1", "p-known"),
                IdentityChangeStream.event(IdentityChange.newBuilder().setOffset(9).setUnmerged(PersonsUnmerged
                        .newBuilder().setMergeId("merge-1").setSurvivorPersonId("p-known")).build()));
        assertEquals(new IdentityEvent.Unknown(10),
                IdentityChangeStream.event(IdentityChange.newBuilder().setOffset(10).build()));
    }
}
