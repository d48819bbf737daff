package io.crowsnest.identity.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.IdentityErrors.PersonNotFound;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.identity.store.IdentifierStore;
import io.crowsnest.identity.store.IdentifierStore.Holder;
import io.crowsnest.identity.store.MergeStore;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.v1.GetIdentityResponse;
import io.crowsnest.identity.v1.ListIdentifierTypesResponse;
import io.crowsnest.identity.v1.LookupPersonResponse;

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
    MergeStore merges;

    /** The root persons holding the (normalised) identifier, the most recent holding first. */
    public LookupPersonResponse lookup(Identifier id) {
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
            return LookupPersonResponse.newBuilder().setPersonId(found.id())
                    .setKind(IdentityMessages.kind(found.kind()))
                    .addAllOtherPersonIds(roots.subList(1, roots.size())).build();
        }
        throw new PersonNotFound("no person holds this " + id.type().name() + " identifier");
    }

    /** The identity of the root the id resolves to: its identifiers, merged persons and lineage. */
    public GetIdentityResponse identity(String personId) {
        PersonStore.Person root = persons.root(personId).orElseThrow(() -> PersonNotFound.id(personId));
        List<PersonStore.Person> mergedIn = persons.mergedInto(root.id());
        List<String> tree = new ArrayList<>(List.of(root.id()));
        mergedIn.forEach(p -> tree.add(p.id()));
        return GetIdentityResponse.newBuilder().setIdentity(IdentityMessages.identity(root, mergedIn,
                merges.bySurvivor(tree).stream().map(MergeStore.Stored::record).toList())).build();
    }

    public ListIdentifierTypesResponse types() {
        ListIdentifierTypesResponse.Builder response = ListIdentifierTypesResponse.newBuilder();
        normaliser.types().all()
                .forEach(t -> response.addIdentifierTypes(IdentityMessages.rule(t, normaliser.defaultRegion())));
        return response.build();
    }
}
