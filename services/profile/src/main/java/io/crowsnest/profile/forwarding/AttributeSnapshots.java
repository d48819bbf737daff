package io.crowsnest.profile.forwarding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.profile.domain.Facts;
import io.crowsnest.profile.client.ScoringClient;
import io.crowsnest.profile.store.Person;
import io.crowsnest.profile.store.PersonStore;

/**
 * A person's attributes as scoring receives them: the current value of every set attribute its
 * profile shows (its own and its members', newest per path), keyed by attribute path, under the
 * root's attribute version. Read from the root's document in one read, with the members' documents,
 * whose attributes do not change while they are members. Only a root has a snapshot: a person
 * merged away is pushed as part of its survivor's, an erased one not at all.
 */
@ApplicationScoped
public class AttributeSnapshots implements Forwarding.Snapshots {

    @Inject
    PersonStore persons;

    @Override
    public Optional<ScoringClient.Attributes> of(String personId) {
        Optional<Person> found = persons.find(personId);
        if (found.isEmpty() || found.get().forgotten()
                || found.get().root() != null && !found.get().root().equals(personId)) {
            return Optional.empty();
        }
        Person root = found.get();
        List<String> others = new ArrayList<>(root.members());
        others.remove(personId);
        List<Person> records = new ArrayList<>(List.of(root));
        records.addAll(persons.findAll(others));
        long version = Math.max(1, root.attributesVersion());
        Map<String, Object> values = new LinkedHashMap<>();
        Facts.present(Facts.current(records.stream().map(Person::attributes).toList()))
                .forEach((path, fact) -> values.put(path, fact.value()));
        return Optional.of(new ScoringClient.Attributes(personId, version, values));
    }
}
