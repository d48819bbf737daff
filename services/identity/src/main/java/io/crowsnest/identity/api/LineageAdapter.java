package io.crowsnest.identity.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.mapping.IdentityMapping;
import io.crowsnest.identity.service.LinkPersonsService;
import io.crowsnest.identity.service.UnmergePersonsService;
import io.crowsnest.identity.v1.LinkPersonsRequest;
import io.crowsnest.identity.v1.LinkPersonsResponse;
import io.crowsnest.identity.v1.UnmergePersonsRequest;
import io.crowsnest.identity.v1.UnmergePersonsResponse;
import io.crowsnest.platform.idempotency.Idempotency;

/** LinkPersons and UnmergePersons: explicit merges and their reversal from the lineage. */
@ApplicationScoped
class LineageAdapter {

    @Inject
    Idempotency idempotency;
    @Inject
    LinkPersonsService linkPersons;
    @Inject
    UnmergePersonsService unmergePersons;

    LinkPersonsResponse link(LinkPersonsRequest r) {
        Checks checks = new Checks();
        checks.personId(r.getPersonId(), "person_id");
        checks.personId(r.getOtherPersonId(), "other_person_id");
        checks.reason(r.hasReason() ? r.getReason() : null, "reason");
        checks.requestingSystem(r.getRequestingSystem(), "requesting_system");
        if (r.getRequestId().isEmpty() || r.getRequestId().length() > 128) {
            checks.add("request_id", r.getRequestId().isEmpty() ? "is required" : "must be at most 128 characters");
        }
        checks.idempotencyKey(r.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
        linkPersons.refuseSelf(r.getPersonId(), r.getOtherPersonId());
        return idempotency.once("LinkPersons", r.getIdempotencyKey(), r, LinkPersonsResponse.parser(),
                () -> IdentityMapping.linked(linkPersons.link(r.getPersonId(), r.getOtherPersonId(),
                        IdentityMapping.reason(r.getReason()), r.getRequestingSystem(), r.getRequestId())));
    }

    UnmergePersonsResponse unmerge(UnmergePersonsRequest r) {
        Checks checks = new Checks();
        if (r.getMergeId().isEmpty() || r.getMergeId().length() > 64) {
            checks.add("merge_id", r.getMergeId().isEmpty() ? "is required" : "must be at most 64 characters");
        }
        checks.reason(r.hasReason() ? r.getReason() : null, "reason");
        checks.requestingSystem(r.getRequestingSystem(), "requesting_system");
        checks.maxLength(r.getRequestId(), 128, "request_id");
        checks.idempotencyKey(r.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
        return idempotency.once("UnmergePersons", r.getIdempotencyKey(), r, UnmergePersonsResponse.parser(),
                () -> IdentityMapping.unmerged(unmergePersons.unmerge(r.getMergeId(),
                        IdentityMapping.reason(r.getReason()), r.getRequestingSystem(), r.getRequestId())));
    }
}
