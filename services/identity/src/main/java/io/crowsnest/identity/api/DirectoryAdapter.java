package io.crowsnest.identity.api;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.IdentifierType;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.identity.mapping.IdentityMapping;
import io.crowsnest.identity.service.DeliveryAddressService;
import io.crowsnest.identity.service.IdentityQueries;
import io.crowsnest.identity.service.RehashService;
import io.crowsnest.identity.v1.GetDeliveryAddressesRequest;
import io.crowsnest.identity.v1.GetDeliveryAddressesResponse;
import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.GetIdentityResponse;
import io.crowsnest.identity.v1.ListIdentifierTypesResponse;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.identity.v1.LookupPersonResponse;

/** The read-only RPCs: LookupPerson, GetIdentity, ListIdentifierTypes and (audited) GetDeliveryAddresses. */
@ApplicationScoped
class DirectoryAdapter {

    @Inject
    Normaliser normaliser;
    @Inject
    IdentityQueries queries;
    @Inject
    RehashService rehash;
    @Inject
    DeliveryAddressService deliveryAddresses;

    LookupPersonResponse lookup(LookupPersonRequest request) {
        Checks checks = new Checks();
        Identifier id = null;
        if (!request.hasIdentifier()) {
            checks.add("identifier", "is required");
        } else {
            id = checks.identifier(normaliser, request.getIdentifier(), "identifier");
        }
        checks.throwIfAny();
        rehash.toCurrent(List.of(id)); // found under an older hash key: hashed under the current one first
        return IdentityMapping.found(queries.lookup(id));
    }

    GetIdentityResponse identity(GetIdentityRequest request) {
        Checks checks = new Checks();
        checks.personId(request.getPersonId(), "person_id");
        checks.throwIfAny();
        return GetIdentityResponse.newBuilder()
                .setIdentity(IdentityMapping.identity(queries.identity(request.getPersonId()))).build();
    }

    ListIdentifierTypesResponse types() {
        ListIdentifierTypesResponse.Builder response = ListIdentifierTypesResponse.newBuilder();
        queries.types().forEach(t -> response.addIdentifierTypes(IdentityMapping.rule(t, normaliser.defaultRegion())));
        return response.build();
    }

    GetDeliveryAddressesResponse deliveryAddresses(GetDeliveryAddressesRequest request) {
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
        return IdentityMapping.addresses(deliveryAddresses.addresses(request.getPersonId(),
                request.getChannel().name(), channel, request.getRequestingSystem()));
    }
}
