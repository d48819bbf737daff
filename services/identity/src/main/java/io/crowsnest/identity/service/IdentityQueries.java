package io.crowsnest.identity.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.IdentifierType;
import io.crowsnest.identity.domain.Identity;
import io.crowsnest.identity.domain.IdentityErrors.PersonNotFound;
import io.crowsnest.identity.domain.MaskedIdentifier;
import io.crowsnest.identity.domain.PersonKind;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.identity.store.IdentifierStore;
import io.crowsnest.identity.store.IdentifierStore.Holder;
import io.crowsnest.identity.store.MergeStore;
import io.crowsnest.identity.store.PersonStore;

/** Read-only questions: who holds an identifier, what identity a person has, which types exist. */
@ApplicationScoped
public class IdentityQueries {

    @Inject
    Normaliser normaliser;
    @Inject
    PersonStore persons;
    @Inject
    IdentifierStore identifiers;
    @Inject
    PersonTrees trees;

    /** Who holds an identifier: the most recent root holding it, its kind, and the other roots holding it too. */
    public record Holders(String personId, PersonKind kind, List<String> otherPersonIds) {
    }

    /** The root persons holding the (normalised) identifier, the most recent holding first. */
    public Holders lookup(Identifier id) {
        List<String> roots = new ArrayList<>();
        PersonStore.Person found = null;
        for (Holder holder : identifiers.holders(id.hash()).orElse(List.of())) {
            Optional<PersonStore.Person> root = persons.root(holder.personId());
            if (root.isPresent() && !roots.contains(root.get().id())) {
                roots.add(root.get().id());
                found = found == null ? root.get() : found;
            }
        }
        if (found != null) {
            return new Holders(found.id(), found.kind(), List.copyOf(roots.subList(1, roots.size())));
        }
        throw new PersonNotFound("no person holds this " + id.type().name() + " identifier");
    }

    /**
     * The identity of the root the id resolves to: its links and those of the persons merged into
     * it (each identifier once, where it was seen last), merged ids and lineage. Reads by _id only:
     * the person (and the chain to its root), each level of its tree, its lineage; one read in all
     * for a person nobody was merged into.
     */
    public Identity identity(String personId) {
        PersonTrees.Tree tree = trees.tree(persons.root(personId).orElseThrow(() -> PersonNotFound.id(personId)));
        PersonStore.Person root = tree.root();
        Map<String, Identity.LinkedIdentifier> byHash = new LinkedHashMap<>();
        for (PersonStore.Person member : tree.members()) {
            for (PersonStore.Link link : member.links()) {
                Identity.LinkedIdentifier linked = new Identity.LinkedIdentifier(
                        new MaskedIdentifier(link.type(), link.masked(), link.namespace()), link.unique(),
                        link.firstSeenAt(), link.lastSeenAt(), member == root ? "" : member.id());
                byHash.merge(link.hash(), linked, (a, b) -> a.lastSeenAt().isBefore(b.lastSeenAt()) ? b : a);
            }
        }
        List<Identity.LinkedIdentifier> linked = byHash.values().stream()
                .sorted(Comparator.comparing(Identity.LinkedIdentifier::lastSeenAt).reversed()).toList();
        return new Identity(root.id(), root.kind(), root.createdAt(), root.updatedAt(), linked,
                tree.mergedIn().stream().map(PersonStore.Person::id).toList(),
                trees.lineage(tree).stream().map(MergeStore.Stored::record).toList());
    }

    /** Every identifier type, built-in and configured. */
    public List<IdentifierType> types() {
        return List.copyOf(normaliser.types().all());
    }
}
