package io.crowsnest.identity.service;

import java.util.List;
import java.util.Optional;

import io.crowsnest.identity.store.IdentifierStore;
import io.crowsnest.identity.store.IdentifierStore.Holder;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.store.PersonStore.Person;

/**
 * Where a resolve reads who holds identifiers and who persons are: the store itself, or a batch's
 * snapshot of it ({@link Snapshot}). The resolver says so before it writes, so that a snapshot
 * forgets what the write may have made stale.
 */
interface Reads {

    Optional<List<Holder>> holders(String hash);

    Optional<Person> find(String personId);

    /** The root the person id resolves to, as {@link PersonStore#root(String)}. */
    default Optional<Person> root(String personId) {
        return PersonStore.root(personId, this::find);
    }

    /** The resolver is about to write: what it read so far may be stale afterwards. */
    void writing();

    static Reads live(IdentifierStore identifiers, PersonStore persons) {
        return new Reads() {
            @Override
            public Optional<List<Holder>> holders(String hash) {
                return identifiers.holders(hash);
            }

            @Override
            public Optional<Person> find(String personId) {
                return persons.find(personId);
            }

            @Override
            public void writing() {
                // nothing kept between reads, nothing to forget
            }
        };
    }
}
