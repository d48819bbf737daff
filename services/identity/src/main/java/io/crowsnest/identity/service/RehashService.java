package io.crowsnest.identity.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.store.DeliveryAddressStore;
import io.crowsnest.identity.store.IdentifierStore;
import io.crowsnest.identity.store.PersonLinks;

/**
 * Hashes an identifier again under the current hash key when it is stored under an older one
 * (during a key rotation): its holding, the links of its holders and its kept delivery addresses
 * move to the current hash, and the older hash is deleted last, so a move a crash interrupted is
 * found and finished the next time. Resolving or looking up an identifier does it on the spot;
 * the hash key sweep does it for the addresses whose raw value identity keeps.
 */
@ApplicationScoped
public class RehashService {

    @Inject
    IdentifierStore identifiers;
    @Inject
    PersonLinks persons;
    @Inject
    DeliveryAddressStore addresses;

    /**
     * Before the identifiers are read: those stored under a hash an older key made are moved to
     * their current hash (one read when none is; nothing at all outside a rotation).
     *
     * @return how many were moved
     */
    public int toCurrent(Collection<Identifier> ids) {
        Map<String, Identifier> byOlderHash = new HashMap<>();
        for (Identifier id : ids) {
            id.olderHashes().values().forEach(h -> byOlderHash.put(h, id));
        }
        if (byOlderHash.isEmpty()) {
            return 0;
        }
        List<String> stored = identifiers.existing(byOlderHash.keySet());
        for (String olderHash : stored) {
            move(olderHash, byOlderHash.get(olderHash));
        }
        return stored.size();
    }

    /** Moves what is stored under {@code olderHash} (a hash of the identifier under an older key) to its current hash. */
    public void move(String olderHash, Identifier id) {
        List<String> holders = identifiers.copyToCurrent(olderHash, id);
        for (String holder : holders) {
            persons.relink(holder, olderHash, id);
        }
        Set<String> erasing = new HashSet<>();
        for (String person : addresses.rehash(olderHash, id)) {
            // an erasure that wiped the person's addresses meanwhile must not find one kept again
            if (persons.erasing(person)) {
                erasing.add(person);
            }
        }
        if (!erasing.isEmpty()) {
            addresses.wipe(new ArrayList<>(erasing));
        }
        identifiers.drop(olderHash);
    }
}
