package io.crowsnest.contactgovernance.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.client.IdentityClient;
import io.crowsnest.contactgovernance.domain.PersonForgotten;
import io.crowsnest.contactgovernance.domain.PersonNotFound;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.domain.PersonState;
import io.crowsnest.contactgovernance.store.PersonStateStore;

/**
 * Turns a person reference into the id governance keeps data under: identifiers through identity,
 * merged-away ids to their survivor. An erased id the request names is NOT_FOUND
 * ({@link PersonNotFound}); an id reached on the way (identity's answer, a merge survivor) that
 * turns out to have been erased meanwhile is {@link PersonForgotten}.
 */
@ApplicationScoped
public class PersonResolver {

    @Inject
    IdentityClient identity;
    @Inject
    PersonStateStore states;

    public String resolve(PersonReference ref, String field) {
        if (ref.byIdentifier()) {
            return follow(identity.lookup(ref.identifier(), field + ".identifier"), false);
        }
        return follow(ref.personId(), true);
    }

    /** The id a named person id resolves to; NOT_FOUND when the named id itself was erased. */
    public String resolve(String personId) {
        return follow(personId, true);
    }

    private String follow(String personId, boolean named) {
        String id = personId;
        for (int hop = 0; hop < 16; hop++) {
            var state = states.find(id);
            if (state.isEmpty()) {
                return id;
            }
            if (state.get() instanceof PersonState.Forgotten) {
                if (named && hop == 0) {
                    throw new PersonNotFound("person '" + personId
                            + "' no longer exists: it was forgotten (erased), and nothing is kept or granted for it");
                }
                throw new PersonForgotten("the person was forgotten (erased) meanwhile; nothing is kept or granted "
                        + "for this id");
            }
            id = ((PersonState.Merged) state.get()).survivor();
        }
        throw new IllegalStateException("merge chain of " + personId + " is too long");
    }
}
