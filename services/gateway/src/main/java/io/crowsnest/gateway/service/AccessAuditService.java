package io.crowsnest.gateway.service;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bson.types.ObjectId;

import io.crowsnest.gateway.domain.CustomerAccess;
import io.crowsnest.gateway.store.AccessAuditStore;

/**
 * Who looked at which customer: every read of a customer's data is appended; supervisors list the
 * records by agent or by customer; an erased customer's records keep that an access happened under
 * a pseudonym, not whose data it was.
 */
@ApplicationScoped
public class AccessAuditService {

    /** Most records one page answers. */
    public static final int MAX_PAGE = 200;

    @Inject
    AccessAuditStore store;
    @Inject
    Clock clock;

    /**
     * Records a read; a read of an erased customer keeps only the erasure's pseudonym (checked after
     * the insert, so a read recorded while the erasure runs is pseudonymised too).
     */
    public void record(String agentId, String personId, String route, int status, String client) {
        store.append(new CustomerAccess(null, agentId, personId, route, status, client, clock.instant()));
        if (personId != null) {
            store.pseudonymOf(personId).ifPresent(pseudonym -> store.pseudonymise(List.of(personId), pseudonym));
        }
    }

    /** A page of records, newest first; {@code after} is the last id of the previous page (or null). */
    public List<CustomerAccess> list(String agentId, String personId, String after, int pageSize) {
        if (after != null && !ObjectId.isValid(after)) {
            throw new IllegalArgumentException("page_token is not one this route answered");
        }
        return store.find(agentId, personId, after, Math.min(Math.max(pageSize, 1), MAX_PAGE));
    }

    /** The erasure of these person ids (a person and those merged into it): one pseudonym for all. */
    public long erase(Collection<String> personIds) {
        String pseudonym = personIds.stream().map(store::pseudonymOf).flatMap(Optional::stream).findFirst()
                .orElseGet(() -> CustomerAccess.pseudonym(UUID.randomUUID().toString()));
        store.bury(personIds, pseudonym); // first: a read recorded from now on is pseudonymised as it is recorded
        return store.pseudonymise(personIds, pseudonym);
    }
}
