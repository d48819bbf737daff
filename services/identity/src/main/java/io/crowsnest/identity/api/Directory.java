package io.crowsnest.identity.api;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.identity.store.IdentifierStore;
import io.crowsnest.identity.store.IdentifierStore.Holder;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.GetIdentityResponse;
import io.crowsnest.identity.v1.ListIdentifierTypesResponse;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.identity.v1.LookupPersonResponse;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Read-only questions: who holds an identifier, what identity a person has, which types exist. */
@ApplicationScoped
public class Directory {

    @Inject
    Normaliser normaliser;
    @Inject
    PersonStore persons;
    @Inject
    IdentifierStore identifiers;

    public LookupPersonResponse lookup(LookupPersonRequest request) {
        Checks checks = new Checks();
        Identifier id = null;
        if (!request.hasIdentifier()) {
            checks.add("identifier", "is required");
        } else {
            id = checks.identifier(normaliser, request.getIdentifier(), "identifier");
        }
        checks.throwIfAny();
        List<Holder> holders = identifiers.holders(id.hash()).orElse(List.of());
        for (int i = 0; i < holders.size(); i++) {
            Optional<PersonStore.Person> person = persons.find(holders.get(i).personId());
            if (person.isPresent()) {
                return LookupPersonResponse.newBuilder().setPersonId(person.get().id())
                        .setKind(Mapping.kind(person.get().kind()))
                        .addAllOtherPersonIds(holders.subList(i + 1, holders.size()).stream().map(Holder::personId)
                                .toList())
                        .build();
            }
        }
        throw notFound("no person holds this " + id.type().name() + " identifier");
    }

    public GetIdentityResponse identity(GetIdentityRequest request) {
        Checks checks = new Checks();
        checks.personId(request.getPersonId(), "person_id");
        checks.throwIfAny();
        PersonStore.Person person = persons.find(request.getPersonId())
                .orElseThrow(() -> notFound("no person has id '" + request.getPersonId() + "'"));
        return GetIdentityResponse.newBuilder().setIdentity(Mapping.identity(person)).build();
    }

    public ListIdentifierTypesResponse types() {
        ListIdentifierTypesResponse.Builder response = ListIdentifierTypesResponse.newBuilder();
        normaliser.types().all().forEach(t -> response.addIdentifierTypes(Mapping.rule(t, normaliser.defaultRegion())));
        return response.build();
    }

    private static StatusRuntimeException notFound(String message) {
        return GrpcErrors.error(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", message);
    }
}
