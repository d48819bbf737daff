package io.crowsnest.alertnotification.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.domain.Fields;
import io.crowsnest.alertnotification.service.ForgetService;
import io.crowsnest.alertnotification.v1.ForgetPersonRequest;
import io.crowsnest.alertnotification.v1.ForgetPersonResponse;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;

/** ForgetPerson: check, erase once per idempotency key, answer what was erased. */
@ApplicationScoped
class ForgetAdapter {

    @Inject
    ForgetService forget;
    @Inject
    Idempotency idempotency;

    ForgetPersonResponse forget(ForgetPersonRequest r) {
        RequestChecks v = new RequestChecks();
        Fields.text(v::add, "person_id", r.getPersonId(), 1, 64);
        Checks.reason(v, "reason", r.hasReason(), r.getReason(), true);
        Fields.system(v::add, "requesting_system", r.getRequestingSystem());
        v.idempotencyKey(r.getIdempotencyKey(), "idempotency_key");
        v.throwIfAny();
        return idempotency.once("ForgetPerson", r.getIdempotencyKey(), r, ForgetPersonResponse.parser(), () -> {
            ForgetService.Forgotten done = forget.forget(r.getPersonId());
            return ForgetPersonResponse.newBuilder().addAllForgottenPersonIds(done.personIds())
                    .setAlertsErasedCount(done.alerts()).setDeliveriesErasedCount(done.deliveries())
                    .setForgottenAt(Timestamps.of(done.at())).setAlreadyForgotten(done.already()).build();
        });
    }
}
