package io.crowsnest.identity.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.PersonKind;
import io.crowsnest.identity.store.IdentifierStore;
import io.crowsnest.identity.store.IdentifierStore.Holder;
import io.crowsnest.identity.store.PersonStore.Person;

/**
 * Who the identifiers of one request reach: for each identifier its holders, each with the root
 * person it resolves to. Holdings by forgotten persons are dropped on the way (an erase that
 * raced with a link leaves them behind).
 */
final class Reach {

    /** One holding: the person the identifier is linked to, and the root that person resolves to. */
    record Held(String holderId, Person root, Holder holder) {
    }

    private final Map<String, List<Held>> byHash = new HashMap<>();
    private final Reads reads;

    Reach(List<Identifier> ids, Reads reads, IdentifierStore identifiers) {
        this.reads = reads;
        Map<String, Optional<Person>> roots = new HashMap<>();
        for (Identifier id : ids) {
            List<Held> held = new ArrayList<>();
            for (Holder holder : reads.holders(id.hash()).orElse(List.of())) {
                Optional<Person> root = roots.computeIfAbsent(holder.personId(), reads::root);
                if (root.isPresent()) {
                    held.add(new Held(holder.personId(), root.get(), holder));
                } else if (reads.find(holder.personId()).map(Person::forgotten).orElse(true)) {
                    reads.writing();
                    if (id.type().unique()) {
                        identifiers.release(id.hash(), holder.personId());
                    } else {
                        identifiers.unshare(id.hash(), holder.personId());
                    }
                }
            }
            byHash.put(id.hash(), held);
        }
    }

    /** Before anything is written on the strength of this reach: it may be stale afterwards. */
    void writing() {
        reads.writing();
    }

    List<Held> of(Identifier id) {
        return byHash.get(id.hash());
    }

    /** Distinct roots reached through unique identifiers, in request order. */
    List<Person> uniqueRoots(List<Identifier> ids) {
        Map<String, Person> roots = new LinkedHashMap<>();
        for (Identifier id : ids) {
            if (id.type().unique()) {
                of(id).forEach(h -> roots.putIfAbsent(h.root().id(), h.root()));
            }
        }
        return List.copyOf(roots.values());
    }

    /** Distinct ANONYMOUS roots reached through any identifier, in request order. */
    List<Person> anonymousRoots(List<Identifier> ids) {
        Map<String, Person> roots = new LinkedHashMap<>();
        for (Identifier id : ids) {
            of(id).stream().map(Held::root).filter(p -> p.kind() != PersonKind.KNOWN)
                    .forEach(p -> roots.putIfAbsent(p.id(), p));
        }
        return List.copyOf(roots.values());
    }

    /** Holdings of the shareable identifiers, most recently seen first. */
    List<Held> shared(List<Identifier> ids) {
        List<Held> all = new ArrayList<>();
        for (Identifier id : ids) {
            if (!id.type().unique()) {
                all.addAll(of(id));
            }
        }
        all.sort((a, b) -> b.holder().lastSeenAt().compareTo(a.holder().lastSeenAt()));
        return all;
    }
}
