package io.crowsnest.contactgovernance.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.mapping.ContractAnswers;
import io.crowsnest.contactgovernance.mapping.LedgerEntries;
import io.crowsnest.contactgovernance.service.ForgetService;
import io.crowsnest.contactgovernance.service.MergeService;
import io.crowsnest.contactgovernance.v1.ForgetPersonRequest;
import io.crowsnest.contactgovernance.v1.ForgetPersonResponse;
import io.crowsnest.contactgovernance.v1.MergePersonsRequest;
import io.crowsnest.contactgovernance.v1.MergePersonsResponse;
import io.crowsnest.platform.grpc.RequestChecks;

/** MergePersons and ForgetPerson: request checks, then the merge and erasure use cases. */
@ApplicationScoped
public class PersonAdapter {

    @Inject
    MergeService merges;
    @Inject
    ForgetService erasure;

    MergePersonsResponse merge(MergePersonsRequest request) {
        RequestChecks v = new RequestChecks();
        v.personId(request.getMergedPersonId(), "merged_person_id");
        v.personId(request.getSurvivorPersonId(), "survivor_person_id");
        if (!request.getMergedPersonId().isEmpty()
                && request.getMergedPersonId().equals(request.getSurvivorPersonId())) {
            v.add("merged_person_id", "must differ from survivor_person_id (MERGE_INTO_SELF)");
        }
        if (request.getMergeId().length() > 128) {
            v.add("merge_id", "must be at most 128 characters");
        }
        v.requestingSystem(request.getRequestingSystem(), "requesting_system");
        v.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        v.throwIfAny();
        return ContractAnswers.response(merges.merge(new MergeService.Merge(request.getMergedPersonId(),
                request.getSurvivorPersonId(), request.getMergeId(), request.getRequestingSystem(),
                request.getIdempotencyKey())));
    }

    ForgetPersonResponse forget(ForgetPersonRequest request) {
        RequestChecks v = new RequestChecks();
        v.personId(request.getPersonId(), "person_id");
        if (request.getReason().getCode().isEmpty()) {
            v.add("reason.code", "is required, e.g. GDPR_ERASURE");
        }
        v.requestingSystem(request.getRequestingSystem(), "requesting_system");
        v.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        v.throwIfAny();
        return ContractAnswers.response(erasure.forget(new ForgetService.Forget(request.getPersonId(),
                LedgerEntries.reason(request.getReason()), request.getRequestingSystem(),
                request.getIdempotencyKey())));
    }
}
