package io.crowsnest.identity.service;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.identity.domain.HashKeys;
import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.InvalidIdentifier;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.identity.store.DeliveryAddressStore;
import io.crowsnest.identity.store.DeliveryAddressStore.Rehashable;
import io.crowsnest.identity.store.IdentifierStore;

/**
 * The hash key rotation's background part: hashes again, under the current key, the identifiers
 * whose raw value identity keeps (the delivery addresses), and says how many identifiers every
 * older key still holds, so an operator knows when it can be retired.
 */
@ApplicationScoped
public class HashKeyRotation {

    private static final Logger LOG = Logger.getLogger(HashKeyRotation.class);

    @Inject
    Normaliser normaliser;
    @Inject
    DeliveryAddressStore addresses;
    @Inject
    IdentifierStore identifiers;
    @Inject
    RehashService rehash;

    /** Whether there is anything to move or watch: an older key is configured, or the original was rotated out. */
    public boolean rotating() {
        HashKeys keys = normaliser.keys();
        return !keys.older().isEmpty() || keys.current() != HashKeys.ORIGINAL_VERSION;
    }

    /**
     * Hashes again up to {@code limit} delivery addresses kept under an older key (with the
     * identifier they are) and returns how many moved; an address whose older key is no longer
     * configured, or whose value no longer reads as its type, is logged and left.
     */
    public int rehashAddresses(int limit) {
        HashKeys keys = normaliser.keys();
        int moved = 0;
        for (Rehashable kept : addresses.hashedUnderOlderKeys(keys.current(), limit)) {
            Identifier id;
            try {
                id = normaliser.normalise(kept.type(), kept.value(), kept.namespace());
            } catch (InvalidIdentifier e) {
                LOG.errorf("%s cannot be hashed again: its value no longer reads as a %s identifier (%s)", kept,
                        kept.type(), e.getMessage());
                continue;
            }
            if (!id.olderHashes().containsValue(kept.hash())) {
                LOG.errorf("%s is hashed under a key no longer configured: add that key back to move it", kept);
                continue;
            }
            rehash.move(kept.hash(), id);
            moved++;
        }
        return moved;
    }

    /** Counts what each older key still holds. */
    public HashKeyStatus status() {
        HashKeys keys = normaliser.keys();
        SortedMap<Integer, Long> remaining = new TreeMap<>();
        long older = 0;
        for (int version : keys.older()) {
            long left = identifiers.countUnder(version);
            remaining.put(version, left);
            older += left;
        }
        long notCurrent = identifiers.countNotUnder(keys.current());
        return new HashKeyStatus(keys.current(), remaining, Math.max(0, notCurrent - older),
                addresses.countHashedUnderOlderKeys(keys.current()));
    }

    /** The configured older versions, for gauges. */
    public List<Integer> olderVersions() {
        return new ArrayList<>(normaliser.keys().older());
    }
}
