package io.crowsnest.gateway.service;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
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

    public void record(String agentId, String personId, String route, int status, String client) {
        store.append(new CustomerAccess(null, agentId, personId, route, status, client, clock.instant()));
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
        return store.pseudonymise(personIds, CustomerAccess.pseudonym(UUID.randomUUID().toString()));
    }
}
