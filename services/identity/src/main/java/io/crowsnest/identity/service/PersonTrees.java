package io.crowsnest.identity.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.store.MergeStore;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.store.PersonStore.Person;

/**
 * A root's tree (everyone merged into it, at any depth) and its lineage, read by _id from the
 * hints each survivor keeps: one read per level of the tree and one for the lineage, none for a
 * person nobody was merged into. A person stored before the hints were kept gets them filled in
 * on its first read here (from the mergedInto and survivor indexes), once.
 */
@ApplicationScoped
public class PersonTrees {

    @Inject
    PersonStore persons;
    @Inject
    MergeStore merges;

    /** A root (hints kept) and the persons merged into it, directly or transitively, level by level. */
    public record Tree(Person root, List<Person> mergedIn) {

        public Tree {
            mergedIn = List.copyOf(mergedIn);
        }

        /** The root first, then everyone merged into it. */
        public List<Person> members() {
            List<Person> all = new ArrayList<>(List.of(root));
            all.addAll(mergedIn);
            return all;
        }

        /** The ids of the members, the root first. */
        public List<String> ids() {
            return members().stream().map(Person::id).toList();
        }
    }

    /** The tree rooted at the person. */
    public Tree tree(Person root) {
        Person kept = kept(root);
        List<Person> all = new ArrayList<>();
        List<Person> level = List.of(kept);
        for (int depth = 0; depth < PersonStore.MAX_CHAIN && !level.isEmpty(); depth++) {
            List<Person> next = new ArrayList<>();
            persons.mergedDirectlyInto(level).forEach(child -> next.add(kept(child)));
            all.addAll(next);
            level = next;
        }
        return new Tree(kept, all);
    }

    /** Every merge that a member of the tree survived, oldest first (unmerged ones too). */
    public List<MergeStore.Stored> lineage(Tree tree) {
        Set<String> ids = new LinkedHashSet<>();
        tree.members().forEach(p -> ids.addAll(p.survived()));
        return merges.byIds(ids);
    }

    /** The person with its tree hints, filled in first when it was stored before they were kept. */
    private Person kept(Person person) {
        if (person.treeKept()) {
            return person;
        }
        List<String> from = persons.pointingAt(person.id());
        List<String> survived = merges.idsBySurvivor(person.id());
        persons.keepTree(person.id(), from, survived);
        return person.withTree(union(person.mergedFrom(), from), union(person.survived(), survived));
    }

    private static List<String> union(List<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
