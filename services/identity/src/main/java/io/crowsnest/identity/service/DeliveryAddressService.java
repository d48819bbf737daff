package io.crowsnest.identity.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.domain.IdentifierType;
import io.crowsnest.identity.domain.IdentityErrors.PersonNotFound;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.identity.store.DeliveryAddressStore;
import io.crowsnest.identity.store.PersonStore;

/** GetDeliveryAddresses: the raw addresses a channel delivers to, most recently seen first; every read audited. */
@ApplicationScoped
public class DeliveryAddressService {

    @Inject
    Normaliser normaliser;
    @Inject
    PersonStore persons;
    @Inject
    PersonTrees trees;
    @Inject
    DeliveryAddressStore addresses;
    @Inject
    Clock clock;

    /** One raw address (personal data: for delivery only) with its mask and when it was last seen. */
    public record Address(String type, String value, String maskedValue, String namespace, Instant lastSeenAt) {
    }

    /** The root the id resolves to and the addresses of its tree for the channel. */
    public record Addresses(String personId, List<Address> addresses) {
    }

    /**
     * The addresses of the person's tree for the channel (none for a channel no type delivers to,
     * or null for a channel not known); the read is audited with the channel as asked for.
     */
    public Addresses addresses(String personId, String askedChannel, IdentifierType.DeliveryChannel channel,
            String requestingSystem) {
        PersonStore.Person root = persons.root(personId).orElseThrow(() -> PersonNotFound.id(personId));
        List<Address> found = addresses.of(trees.tree(root).ids()).stream()
                .filter(a -> channel != null && normaliser.types().find(a.type())
                        .map(t -> t.deliveryChannels().contains(channel)).orElse(false))
                .sorted(Comparator.comparing(DeliveryAddressStore.Address::lastSeenAt).reversed())
                .map(a -> new Address(a.type(), a.value(), a.masked(), a.namespace(), a.lastSeenAt())).toList();
        addresses.audit(root.id(), askedChannel, requestingSystem, found.size(), clock.instant());
        return new Addresses(root.id(), found);
    }
}
