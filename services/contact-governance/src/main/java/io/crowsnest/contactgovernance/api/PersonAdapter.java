package io.crowsnest.contactgovernance.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.service.ForgetService;
import io.crowsnest.contactgovernance.service.MergeService;
import io.crowsnest.contactgovernance.v1.ForgetPersonRequest;
import io.crowsnest.contactgovernance.v1.ForgetPersonResponse;
import io.crowsnest.contactgovernance.v1.MergePersonsRequest;
import io.crowsnest.contactgovernance.v1.MergePersonsResponse;
import io.crowsnest.platform.grpc.GrpcErrors;

/** MergePersons and ForgetPerson: request checks, then the merge and erasure use cases. */
@ApplicationScoped
public class PersonAdapter {

    @Inject
    MergeService merges;
    @Inject
    ForgetService erasure;

    MergePersonsResponse merge(MergePersonsRequest request) {
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        personId(request.getMergedPersonId(), "merged_person_id", v);
        personId(request.getSurvivorPersonId(), "survivor_person_id", v);
        if (!request.getMergedPersonId().isEmpty()
                && request.getMergedPersonId().equals(request.getSurvivorPersonId())) {
            v.add("merged_person_id", "must differ from survivor_person_id (MERGE_INTO_SELF)");
        }
        if (request.getMergeId().length() > 128) {
            v.add("merge_id", "must be at most 128 characters");
        }
        system(request.getRequestingSystem(), v);
        ContactChecks.idempotencyKey(request.getIdempotencyKey(), v);
        v.throwIfAny();
        return merges.merge(request);
    }

    ForgetPersonResponse forget(ForgetPersonRequest request) {
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        personId(request.getPersonId(), "person_id", v);
        if (request.getReason().getCode().isEmpty()) {
            v.add("reason.code", "is required, e.g. GDPR_ERASURE");
        }
        system(request.getRequestingSystem(), v);
        ContactChecks.idempotencyKey(request.getIdempotencyKey(), v);
        v.throwIfAny();
        return erasure.forget(request);
    }

    private static void personId(String id, String field, GrpcErrors.Violations v) {
        if (!ContactChecks.PERSON_ID.matcher(id).matches()) {
            v.add(field, id.isEmpty() ? "is required" : "must be 1 to 64 characters of letters, digits and . _ : @ -");
        }
    }

    private static void system(String system, GrpcErrors.Violations v) {
        if (!ContactChecks.SYSTEM.matcher(system).matches()) {
            v.add("requesting_system", "must be 1 to 64 characters of a-z, 0-9 and -, got '" + system + "'");
        }
    }
}
