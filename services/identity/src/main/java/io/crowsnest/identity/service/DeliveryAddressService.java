package io.crowsnest.identity.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.identity.domain.IdentifierType;
import io.crowsnest.identity.domain.IdentityErrors.PersonNotFound;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.identity.store.DeliveryAddressStore;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.v1.DeliveryAddress;
import io.crowsnest.identity.v1.GetDeliveryAddressesResponse;
import io.crowsnest.platform.grpc.Timestamps;

/** GetDeliveryAddresses: the raw addresses a channel delivers to, most recently seen first; every read audited. */
@ApplicationScoped
public class DeliveryAddressService {

    @Inject
    Normaliser normaliser;
    @Inject
    PersonStore persons;
    @Inject
    DeliveryAddressStore addresses;
    @Inject
    Clock clock;

    /** The addresses of the person's tree for the channel (none for a channel no type delivers to). */
    public GetDeliveryAddressesResponse addresses(String personId, Channel requested,
            IdentifierType.DeliveryChannel channel, String requestingSystem) {
        PersonStore.Person root = persons.root(personId).orElseThrow(() -> PersonNotFound.id(personId));
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
        addresses.audit(root.id(), requested.name(), requestingSystem, response.getAddressesCount(), clock.instant());
        return response.build();
    }
}
