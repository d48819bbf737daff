package io.crowsnest.identity.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.store.PersonStore.Tombstone;

/**
 * ListTombstones: the erasures committed after a change stream offset, from the tombstones that
 * outlive the stream's retention, so a follower that was away longer still erases everyone.
 */
@ApplicationScoped
public class TombstoneService {

    @Inject
    PersonStore persons;

    /** A page of erasures, oldest first; {@code more} when erasures follow the last one. */
    public record Page(List<Tombstone> tombstones, boolean more) {
    }

    /** Up to {@code size} erasures whose FORGOTTEN change has an offset greater than {@code afterOffset}. */
    public Page after(long afterOffset, int size) {
        List<Tombstone> found = persons.tombstonesAfter(afterOffset, size + 1);
        return found.size() > size ? new Page(found.subList(0, size), true) : new Page(found, false);
    }
}
