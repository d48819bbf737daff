package io.crowsnest.identity.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.service.ForgetService;
import io.crowsnest.identity.v1.ForgetPersonRequest;
import io.crowsnest.identity.v1.ForgetPersonResponse;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;

/** ForgetPerson: checked, then erased once per idempotency key. */
@ApplicationScoped
class ForgetAdapter {

    @Inject
    Idempotency idempotency;
    @Inject
    ForgetService forgetService;

    ForgetPersonResponse forget(ForgetPersonRequest request) {
        Checks checks = new Checks();
        checks.personId(request.getPersonId(), "person_id");
        checks.reason(request.hasReason() ? request.getReason() : null, "reason");
        checks.requestingSystem(request.getRequestingSystem(), "requesting_system");
        checks.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
        return idempotency.once("ForgetPerson", request.getIdempotencyKey(), request, ForgetPersonResponse.parser(),
                () -> response(forgetService.forget(request.getPersonId())));
    }

    private static ForgetPersonResponse response(ForgetService.Forgotten forgotten) {
        return ForgetPersonResponse.newBuilder().addAllForgottenPersonIds(forgotten.personIds())
                .setIdentifiersRemovedCount(forgotten.identifiersRemoved()).setForgottenAt(Timestamps.of(forgotten.at()))
                .setChangeOffset(forgotten.changeOffset()).setAlreadyForgotten(forgotten.already()).build();
    }
}
