package io.crowsnest.profile.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.profile.client.IdentityClient;
import io.crowsnest.profile.domain.PersonRef;
import io.crowsnest.profile.domain.ProfileErrors.PersonNotFound;
import io.crowsnest.profile.store.Person;
import io.crowsnest.profile.store.PersonStore;

/**
 * Turns a person reference into the person whose profile answers: an identifier through identity's
 * LookupPerson; a person id through profile's own lineage (kept from identity's change stream),
 * asking identity only about ids profile holds nothing about (to tell a known person from an
 * unknown id, and a merged-away id's survivor). Erased persons are not found.
 */
@ApplicationScoped
public class Persons {

    @Inject
    IdentityClient identity;
    @Inject
    PersonStore persons;

    /** A person as requests see it: its root id and the ids whose data its profile shows, root first. */
    public record Who(String root, List<String> members) {
    }

    public Who resolve(PersonRef ref, String field) {
        return resolve(ref.identifier() != null ? identity.lookup(ref.identifier(), field + ".identifier")
                : ref.personId());
    }

    public Who resolve(String personId) {
        Optional<Person> stored = persons.find(personId);
        if (stored.isEmpty()) {
            String survivor = identity.identity(personId).map(IdentityClient.Known::personId)
                    .orElseThrow(() -> new PersonNotFound(personId));
            stored = persons.find(survivor);
            if (stored.isEmpty()) {
                return new Who(survivor, List.of(survivor));
            }
        }
        Person person = stored.get();
        if (!person.forgotten() && !person.id().equals(person.root())) {
            person = persons.find(person.root()).orElse(person);
        }
        if (person.forgotten()) {
            throw new PersonNotFound(personId);
        }
        String root = person.id();
        List<String> members = new ArrayList<>(List.of(root));
        person.members().stream().filter(m -> !m.equals(root)).forEach(members::add);
        return new Who(root, List.copyOf(members));
    }
}
