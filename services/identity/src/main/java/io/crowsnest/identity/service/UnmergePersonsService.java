package io.crowsnest.identity.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Reason;
import io.crowsnest.identity.domain.IdentityErrors.Contention;
import io.crowsnest.identity.domain.IdentityErrors.MergeAlreadyReversed;
import io.crowsnest.identity.domain.IdentityErrors.MergeNotFound;
import io.crowsnest.identity.domain.IdentityErrors.PersonForgotten;
import io.crowsnest.identity.store.MergeStore;
import io.crowsnest.identity.store.MergeStore.State;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.store.PersonStore.Person;
import io.crowsnest.identity.v1.MergeRecord;
import io.crowsnest.identity.v1.UnmergePersonsResponse;

/** UnmergePersons: reverses a merge from the lineage, giving the merged person back its identifiers. */
@ApplicationScoped
public class UnmergePersonsService {

    @Inject
    PersonStore persons;
    @Inject
    MergeStore mergeStore;
    @Inject
    Leases leases;
    @Inject
    MergeSteps merges;
    @Inject
    Clock clock;

    /** Reverses the merge; the adapter owns idempotency. */
    public UnmergePersonsResponse unmerge(String mergeId, Reason reason, String system, String requestId) {
        Instant now = clock.instant();
        MergeStore.Stored stored = mergeStore.find(mergeId).orElseThrow(() -> new MergeNotFound(mergeId));
        MergeRecord record = stored.record();
        try (Leases.Held held = leases.take(List.of(record.getSurvivorPersonId(), record.getMergedPersonId()))) {
            stored = mergeStore.find(mergeId).orElseThrow();
            if (stored.state() == State.UNMERGE_PENDING || stored.state() == State.UNMERGED) {
                throw new MergeAlreadyReversed(record.getMergeId(), false);
            }
            if (stored.state() == State.PENDING) {
                throw new Contention("merge " + record.getMergeId() + " is still being made");
            }
            for (String id : List.of(record.getSurvivorPersonId(), record.getMergedPersonId())) {
                if (persons.find(id).map(Person::forgotten).orElse(true)) {
                    throw new PersonForgotten(id, record.getMergeId());
                }
            }
            MergeRecord reversed = merges.unmerge(stored.record(), reason, system, requestId, now);
            Person restored = persons.find(record.getMergedPersonId()).orElseThrow();
            return UnmergePersonsResponse.newBuilder().setMerge(reversed).setRestoredPersonId(restored.id())
                    .addAllRestoredIdentifiers(merges.identifiersOfTree(restored)).build();
        } catch (MergeSteps.Moved e) {
            throw new MergeAlreadyReversed(record.getMergeId(), true);
        }
    }
}
