package io.crowsnest.identity.service;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.crowsnest.identity.store.IdentifierStore;
import io.crowsnest.identity.store.IdentifierStore.Holder;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.store.PersonStore.Person;

/**
 * The identifiers of a ResolvePersons batch and the persons they reach, read together up front (by
 * _id, a few reads in all) so that a request that only finds what is known reads nothing more.
 * Whatever a request read before it writes is forgotten when it writes, and read again from the
 * store by whoever needs it next, so later requests see what earlier ones created, linked or
 * merged. Used by one batch, one request after the other.
 */
final class Snapshot implements Reads {

    private final IdentifierStore identifiers;
    private final PersonStore persons;
    private final Map<String, Optional<List<Holder>>> holders = new HashMap<>();
    private final Map<String, Optional<Person>> people = new HashMap<>();
    private final Set<String> readHashes = new HashSet<>();
    private final Set<String> readPersons = new HashSet<>();

    Snapshot(IdentifierStore identifiers, PersonStore persons, Collection<String> hashes) {
        this.identifiers = identifiers;
        this.persons = persons;
        Map<String, List<Holder>> found = identifiers.holders(hashes);
        Set<String> holderIds = new HashSet<>();
        for (String hash : hashes) {
            List<Holder> list = found.get(hash);
            holders.put(hash, Optional.ofNullable(list));
            if (list != null) {
                list.forEach(h -> holderIds.add(h.personId()));
            }
        }
        // persons, then those they were merged into, until every chain reaches its root
        for (Set<String> wanted = holderIds; !wanted.isEmpty(); wanted = mergedIntoUnread(wanted)) {
            Map<String, Person> read = persons.findAll(wanted);
            wanted.forEach(id -> people.put(id, Optional.ofNullable(read.get(id))));
        }
    }

    private Set<String> mergedIntoUnread(Set<String> ids) {
        Set<String> next = new HashSet<>();
        ids.forEach(id -> people.get(id).map(Person::mergedInto).filter(Objects::nonNull)
                .filter(into -> !people.containsKey(into)).ifPresent(next::add));
        return next;
    }

    @Override
    public Optional<List<Holder>> holders(String hash) {
        readHashes.add(hash);
        return holders.computeIfAbsent(hash, identifiers::holders);
    }

    @Override
    public Optional<Person> find(String personId) {
        readPersons.add(personId);
        return people.computeIfAbsent(personId, persons::find);
    }

    @Override
    public void writing() {
        holders.keySet().removeAll(readHashes);
        people.keySet().removeAll(readPersons);
        readHashes.clear();
        readPersons.clear();
    }

    /** The next request starts: only what it reads is its to forget. */
    void next() {
        readHashes.clear();
        readPersons.clear();
    }
}
