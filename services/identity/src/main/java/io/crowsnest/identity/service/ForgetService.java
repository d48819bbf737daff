package io.crowsnest.identity.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.domain.IdentityChange;
import io.crowsnest.identity.store.ChangeLog;
import io.crowsnest.identity.store.DeliveryAddressStore;
import io.crowsnest.identity.store.IdentifierStore;
import io.crowsnest.identity.store.MergeStore;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.store.PersonStore.Person;
import io.crowsnest.identity.domain.IdentityErrors.PersonNotFound;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * ForgetPerson: erases a person with everyone merged into it. The person is marked first, then
 * FORGOTTEN goes on the feed, the identifiers, raw addresses, lineage and kept answers are wiped
 * and the persons become tombstones (which drops the mark). A crash half-way is finished by the
 * client's retry (same key) or, failing that, by the erasure recovery sweep that finds the mark;
 * downstream services erase on the change.
 */
@ApplicationScoped
public class ForgetService {

    @Inject
    Clock clock;
    @Inject
    PersonStore persons;
    @Inject
    PersonTrees trees;
    @Inject
    IdentifierStore identifiers;
    @Inject
    DeliveryAddressStore addresses;
    @Inject
    MergeStore merges;
    @Inject
    ChangeLog changes;
    @Inject
    Leases leases;
    @Inject
    Idempotency idempotency;

    /**
     * What an erasure did: the persons forgotten (root first), identifiers released or unlinked,
     * when, the offset of its FORGOTTEN change; already when the person was a tombstone before.
     */
    public record Forgotten(List<String> personIds, int identifiersRemoved, Instant at, long changeOffset,
            boolean already) {
    }

    /** Erases the person (found by any id of its tree) with everyone merged into it; the adapter owns idempotency. */
    public Forgotten forget(String personId) {
        return forget(personId, clock.instant());
    }

    private Forgotten forget(String personId, Instant now) {
        Person asked = persons.find(personId).orElseThrow(() -> PersonNotFound.id(personId));
        if (asked.forgotten()) {
            return alreadyForgotten(asked);
        }
        Person root = persons.root(personId).orElseThrow(() -> PersonNotFound.id(personId));
        try (Leases.Held held = leases.take(List.of(root.id()))) {
            root = persons.find(root.id()).orElseThrow();
            if (root.forgotten()) {
                return alreadyForgotten(root);
            }
            if (!root.root()) {
                // merged into someone else while we waited: erase from the new root
                return forget(root.id(), now);
            }
            PersonTrees.Tree whole = trees.tree(root);
            List<Person> tree = whole.members();
            List<Person> mergedIn = whole.mergedIn();
            List<String> ids = whole.ids();
            persons.markForgetting(root.id(), now);
            long offset = changes.append(new IdentityChange.Forgotten(now, root.id(),
                    mergedIn.stream().map(Person::id).toList()));
            int removed = 0;
            for (Person member : tree) {
                for (PersonStore.Link link : member.links()) {
                    if (link.unique()) {
                        identifiers.release(link.hash(), member.id());
                    } else {
                        identifiers.unshare(link.hash(), member.id());
                    }
                    removed++;
                }
            }
            addresses.wipe(ids);
            merges.deleteInvolving(ids);
            idempotency.forget(ids); // the answers kept for retries that concerned them
            persons.forget(ids, now, offset); // the tombstones drop the mark: the erasure is done
            addresses.wipe(ids); // again: a resolve may have kept an address while we were erasing
            return new Forgotten(ids, removed, now, offset, false);
        }
    }

    /**
     * Finishes the erasures a crash interrupted (started before {@code before}, so surely no request
     * is still running them): each is run again, which erases what is left and announces the person
     * FORGOTTEN once more (followers' erasures are idempotent). Returns how many were finished.
     */
    public int finishInterruptedSince(Instant before) {
        int finished = 0;
        for (String id : persons.forgettingSince(before, 100)) {
            try {
                forget(id);
                finished++;
            } catch (PersonNotFound gone) {
                // erased meanwhile by a retry of its request
            }
        }
        return finished;
    }

    private static Forgotten alreadyForgotten(Person tombstone) {
        return new Forgotten(List.of(tombstone.id()), 0, tombstone.forgottenAt(), tombstone.forgetOffset(), true);
    }
}
