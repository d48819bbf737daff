package io.crowsnest.gateway.domain;

import java.time.Instant;

/**
 * One read of a customer's data through the gateway, as the access audit keeps it.
 *
 * @param id        the record's id (orders records of the same instant)
 * @param agentId   who read: the signed-in caller's id
 * @param personId  whose data was read; after an erasure a pseudonym ("erased-…")
 * @param route     which route, as its template, e.g. "GET /api/v1/customers/{personId}/scores"
 * @param status    the HTTP status answered (a refused read is recorded too)
 * @param client    from where: the client's address as the gateway saw it
 * @param at        when
 */
public record CustomerAccess(String id, String agentId, String personId, String route, int status, String client,
        Instant at) {

    /** The pseudonym an erased customer's records carry: it tells that an access happened, not to whom. */
    public static String pseudonym(String uniquePart) {
        return "erased-" + uniquePart;
    }
}
