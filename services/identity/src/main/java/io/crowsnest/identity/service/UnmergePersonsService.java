package io.crowsnest.identity.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.domain.IdentityErrors.Contention;
import io.crowsnest.identity.domain.IdentityErrors.MergeAlreadyReversed;
import io.crowsnest.identity.domain.IdentityErrors.MergeNotFound;
import io.crowsnest.identity.domain.IdentityErrors.PersonForgotten;
import io.crowsnest.identity.domain.MaskedIdentifier;
import io.crowsnest.identity.domain.Merge;
import io.crowsnest.identity.domain.Reason;
import io.crowsnest.identity.store.MergeStore;
import io.crowsnest.identity.store.MergeStore.State;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.store.PersonStore.Person;

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

    /** What an unmerge did: the merge as reversed, and the person restored with the identifiers of its tree. */
    public record Unmerged(Merge merge, String restoredPersonId, List<MaskedIdentifier> restoredIdentifiers) {
    }

    /** Reverses the merge; the adapter owns idempotency. */
    public Unmerged unmerge(String mergeId, Reason reason, String system, String requestId) {
        Instant now = clock.instant();
        MergeStore.Stored stored = mergeStore.find(mergeId).orElseThrow(() -> new MergeNotFound(mergeId));
        Merge record = stored.record();
        try (Leases.Held held = leases.take(List.of(record.survivorPersonId(), record.mergedPersonId()))) {
            stored = mergeStore.find(mergeId).orElseThrow();
            if (stored.state() == State.UNMERGE_PENDING || stored.state() == State.UNMERGED) {
                throw new MergeAlreadyReversed(record.mergeId(), false);
            }
            if (stored.state() == State.PENDING) {
                throw new Contention("merge " + record.mergeId() + " is still being made");
            }
            for (String id : List.of(record.survivorPersonId(), record.mergedPersonId())) {
                if (persons.find(id).map(Person::forgotten).orElse(true)) {
                    throw new PersonForgotten(id, record.mergeId());
                }
            }
            Merge reversed = merges.unmerge(stored.record(), reason, system, requestId, now);
            Person restored = persons.find(record.mergedPersonId()).orElseThrow();
            return new Unmerged(reversed, restored.id(), merges.identifiersOfTree(restored));
        } catch (MergeSteps.Moved e) {
            throw new MergeAlreadyReversed(record.mergeId(), true);
        }
    }
}
