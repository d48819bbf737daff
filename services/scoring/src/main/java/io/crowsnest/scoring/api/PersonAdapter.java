package io.crowsnest.scoring.api;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.scoring.service.ForgetService;
import io.crowsnest.scoring.service.GetScoresService;
import io.crowsnest.scoring.v1.ForgetPersonRequest;
import io.crowsnest.scoring.v1.ForgetPersonResponse;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.GetScoresResponse;

/** GetScores and ForgetPerson: checked, then handed to their use cases. */
@Singleton
class PersonAdapter {

    @Inject
    GetScoresService scores;
    @Inject
    ForgetService forget;

    GetScoresResponse get(GetScoresRequest request) {
        RequestChecks checks = new RequestChecks();
        checks.person(request.getPerson(), "person");
        if (request.getExplanationLimit() < 0 || request.getExplanationLimit() > 50) {
            checks.add("explanation_limit", "must be 0 (default 10) to 50, got " + request.getExplanationLimit());
        }
        checks.throwIfAny();
        return scores.get(request);
    }

    ForgetPersonResponse forget(ForgetPersonRequest request) {
        RequestChecks checks = new RequestChecks();
        checks.personId(request.getPersonId(), "person_id");
        checks.reason(request.getReason(), "reason");
        checks.requestingSystem(request.getRequestingSystem(), "requesting_system");
        checks.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
        return forget.forget(request);
    }
}
