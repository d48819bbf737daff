package io.crowsnest.contactgovernance.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.contactgovernance.client.IdentityClient;
import io.crowsnest.contactgovernance.domain.PersonForgotten;
import io.crowsnest.contactgovernance.domain.PersonState;
import io.crowsnest.contactgovernance.store.PersonStateStore;

/**
 * Turns a person reference into the id governance keeps data under: identifiers through identity,
 * merged-away ids to their survivor; forgotten ids are refused.
 */
@ApplicationScoped
public class PersonResolver {

    @Inject
    IdentityClient identity;
    @Inject
    PersonStateStore states;

    public String resolve(PersonRef ref, String field) {
        String id = ref.hasIdentifier() ? identity.lookup(ref.getIdentifier(), field + ".identifier")
                : ref.getPersonId();
        return resolve(id);
    }

    public String resolve(String personId) {
        String id = personId;
        for (int hop = 0; hop < 16; hop++) {
            var state = states.find(id);
            if (state.isEmpty()) {
                return id;
            }
            if (state.get() instanceof PersonState.Forgotten) {
                throw new PersonForgotten("the person was forgotten (erased); nothing is kept or granted for this id");
            }
            id = ((PersonState.Merged) state.get()).survivor();
        }
        throw new IllegalStateException("merge chain of " + personId + " is too long");
    }
}
