package io.crowsnest.identity.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.domain.IdentityErrors.Contention;
import io.crowsnest.identity.domain.IdentityErrors.MergeIntoSelf;
import io.crowsnest.identity.domain.IdentityErrors.PersonNotFound;
import io.crowsnest.identity.domain.Merge;
import io.crowsnest.identity.domain.Reason;
import io.crowsnest.identity.domain.Survivorship;
import io.crowsnest.identity.store.MergeStore;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.store.PersonStore.Person;

/**
 * LinkPersons: an explicit merge of two persons (by any id of their trees), the survivor chosen by
 * {@link Survivorship}; persons already one answer the merge that joined them.
 */
@ApplicationScoped
public class LinkPersonsService {

    private static final int MAX_ATTEMPTS = 8;

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

    /**
     * What a link did: the survivor, and the merge that joined the persons — made now, or the one
     * that had joined them already (alreadyMerged; null when that merge is no longer on record).
     */
    public record Linked(String survivorPersonId, boolean alreadyMerged, Merge merge) {
    }

    /** A person cannot be merged into itself: refused before anything is claimed or written. */
    public void refuseSelf(String personId, String otherPersonId) {
        if (personId.equals(otherPersonId)) {
            throw new MergeIntoSelf();
        }
    }

    /** Merges the two persons; the adapter owns idempotency. */
    public Linked link(String personId, String otherPersonId, Reason reason, String system,
            String requestId) {
        Instant now = clock.instant();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Person a = persons.root(personId).orElseThrow(() -> PersonNotFound.id(personId));
            Person b = persons.root(otherPersonId).orElseThrow(() -> PersonNotFound.id(otherPersonId));
            if (a.id().equals(b.id())) {
                return new Linked(a.id(), true, mergeJoining(personId, otherPersonId));
            }
            boolean aSurvives = Survivorship.survives(candidate(a), candidate(b));
            try (Leases.Held held = leases.take(List.of(a.id(), b.id()))) {
                Optional<Person> survivor = persons.find(aSurvives ? a.id() : b.id());
                Optional<Person> merged = persons.find(aSurvives ? b.id() : a.id());
                if (survivor.isEmpty() || merged.isEmpty() || !survivor.get().root() || !merged.get().root()) {
                    continue;
                }
                Merge record = merges.merge(survivor.get(), merged.get(), Merge.Trigger.LINK, reason, system,
                        requestId, now);
                return new Linked(survivor.get().id(), false, record);
            } catch (MergeSteps.Moved e) {
                // one of them was merged by a concurrent request: read the roots again
            }
        }
        throw new Contention("the persons were merged concurrently too often");
    }

    /** The merge that put one of two ids (resolving to one root) under the other, or the nearer one; null if none. */
    private Merge mergeJoining(String id, String other) {
        for (String start : List.of(id, other)) {
            Optional<Person> p = persons.find(start);
            if (p.isPresent() && p.get().mergeId() != null) {
                Optional<MergeStore.Stored> stored = mergeStore.find(p.get().mergeId());
                if (stored.isPresent()) {
                    return stored.get().record();
                }
            }
        }
        return null;
    }

    private static Survivorship.Candidate candidate(Person p) {
        return new Survivorship.Candidate(p.id(), p.kind(), p.createdAt());
    }
}
