package io.crowsnest.identity.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.identity.domain.IdentifierType;
import io.crowsnest.identity.store.DeliveryAddressStore;
import io.crowsnest.identity.store.IdentifierStore;
import io.crowsnest.identity.store.MergeStore;
import io.crowsnest.identity.v1.DeliveryAddress;
import io.crowsnest.identity.v1.GetDeliveryAddressesRequest;
import io.crowsnest.identity.v1.GetDeliveryAddressesResponse;
import io.crowsnest.platform.grpc.Timestamps;
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

/**
 * Read-only questions: who holds an identifier, what identity a person has, which types exist, and
 * (audited) the raw addresses a channel delivers to.
 */
@ApplicationScoped
public class Directory {

    @Inject
    Normaliser normaliser;
    @Inject
    PersonStore persons;
    @Inject
    IdentifierStore identifiers;
    @Inject
    MergeStore merges;
    @Inject
    DeliveryAddressStore addresses;

    public LookupPersonResponse lookup(LookupPersonRequest request) {
        Checks checks = new Checks();
        Identifier id = null;
        if (!request.hasIdentifier()) {
            checks.add("identifier", "is required");
        } else {
            id = checks.identifier(normaliser, request.getIdentifier(), "identifier");
        }
        checks.throwIfAny();
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
            return LookupPersonResponse.newBuilder().setPersonId(found.id()).setKind(Mapping.kind(found.kind()))
                    .addAllOtherPersonIds(roots.subList(1, roots.size())).build();
        }
        throw notFound("no person holds this " + id.type().name() + " identifier");
    }

    public GetIdentityResponse identity(GetIdentityRequest request) {
        Checks checks = new Checks();
        checks.personId(request.getPersonId(), "person_id");
        checks.throwIfAny();
        PersonStore.Person root = persons.root(request.getPersonId())
                .orElseThrow(() -> Lineage.notFound(request.getPersonId()));
        List<PersonStore.Person> mergedIn = persons.mergedInto(root.id());
        List<String> tree = new ArrayList<>(List.of(root.id()));
        mergedIn.forEach(p -> tree.add(p.id()));
        return GetIdentityResponse.newBuilder().setIdentity(Mapping.identity(root, mergedIn,
                merges.bySurvivor(tree).stream().map(MergeStore.Stored::record).toList())).build();
    }

    public GetDeliveryAddressesResponse deliveryAddresses(GetDeliveryAddressesRequest request) {
        Checks checks = new Checks();
        checks.personId(request.getPersonId(), "person_id");
        IdentifierType.DeliveryChannel channel = switch (request.getChannel()) {
            case CHANNEL_EMAIL -> IdentifierType.DeliveryChannel.EMAIL;
            case CHANNEL_SMS -> IdentifierType.DeliveryChannel.SMS;
            case CHANNEL_PHONE -> IdentifierType.DeliveryChannel.PHONE;
            case CHANNEL_UNSPECIFIED -> {
                checks.add("channel", "is required");
                yield null;
            }
            default -> null;
        };
        checks.requestingSystem(request.getRequestingSystem(), "requesting_system");
        checks.throwIfAny();
        PersonStore.Person root = persons.root(request.getPersonId())
                .orElseThrow(() -> Lineage.notFound(request.getPersonId()));
        List<String> tree = new ArrayList<>(List.of(root.id()));
        persons.mergedInto(root.id()).forEach(p -> tree.add(p.id()));
        GetDeliveryAddressesResponse.Builder response = GetDeliveryAddressesResponse.newBuilder()
                .setPersonId(root.id());
        addresses.of(tree).stream()
                .filter(a -> channel != null && normaliser.types().find(a.type())
                        .map(t -> t.deliveryChannels().contains(channel)).orElse(false))
                .sorted(Comparator.comparing(DeliveryAddressStore.Address::lastSeenAt).reversed())
                .forEach(a -> response.addAddresses(DeliveryAddress.newBuilder().setType(a.type()).setValue(a.value())
                        .setMaskedValue(a.masked()).setNamespace(a.namespace())
                        .setLastSeenAt(Timestamps.of(a.lastSeenAt()))));
        addresses.audit(root.id(), request.getChannel().name(), request.getRequestingSystem(),
                response.getAddressesCount(), Instant.now());
        return response.build();
    }

    public ListIdentifierTypesResponse types() {
        ListIdentifierTypesResponse.Builder response = ListIdentifierTypesResponse.newBuilder();
        normaliser.types().all().forEach(t -> response.addIdentifierTypes(Mapping.rule(t, normaliser.defaultRegion())));
        return response.build();
    }

    static StatusRuntimeException notFound(String message) {
        return GrpcErrors.error(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", message);
    }
}
