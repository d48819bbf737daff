package io.crowsnest.contactgovernance.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.ConsentChange;
import io.crowsnest.contactgovernance.domain.PersonConsents;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.store.ConsentStore;

/** GetConsents and ListConsentChanges: a person's consent record and its history, read as stored. */
@ApplicationScoped
public class ConsentQueries {

    /** One page of a person's consent changes, for the person the reference resolved to. */
    public record Changes(String personId, List<ConsentChange> changes) {
    }

    @Inject
    ConsentStore store;
    @Inject
    PersonResolver persons;

    public PersonConsents get(PersonReference person) {
        return store.find(persons.resolve(person, "person"));
    }

    /**
     * The changes of the given kinds and channels (enum names; empty = all) recorded in [from, until)
     * (null = open), newest first.
     */
    public Changes history(PersonReference person, List<String> kinds, List<String> channels, Instant from, Instant until,
            int offset, int size) {
        String personId = persons.resolve(person, "person");
        return new Changes(personId, store.history(personId, kinds, channels, from, until, offset, size));
    }
}
