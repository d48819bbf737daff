package io.crowsnest.profile.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.profile.service.ForgetService;
import io.crowsnest.profile.v1.ForgetPersonRequest;
import io.crowsnest.profile.v1.ForgetPersonResponse;

/** ForgetPerson: checked, then erased once per idempotency key. */
@ApplicationScoped
class ForgetAdapter {

    @Inject
    Idempotency idempotency;
    @Inject
    ForgetService forgetService;

    ForgetPersonResponse forget(ForgetPersonRequest r) {
        Checks checks = new Checks();
        checks.personId(r.getPersonId(), "person_id");
        checks.required(!r.getReason().getCode().isEmpty(), "reason.code");
        checks.system(r.getRequestingSystem(), "requesting_system");
        checks.idempotencyKey(r.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
        return idempotency.once("ForgetPerson", r.getIdempotencyKey(), r, ForgetPersonResponse.parser(),
                () -> response(forgetService.forget(r.getPersonId(), r.getReason().getCode(),
                        r.getRequestingSystem())));
    }

    private static ForgetPersonResponse response(ForgetService.Forgotten forgotten) {
        return ForgetPersonResponse.newBuilder().addAllForgottenPersonIds(forgotten.personIds())
                .setEventsErasedCount(forgotten.events()).setAnswersErasedCount(forgotten.answers())
                .setAttributeChangesErasedCount(forgotten.changes()).setForgottenAt(Timestamps.of(forgotten.at()))
                .setAlreadyForgotten(forgotten.already()).build();
    }
}
