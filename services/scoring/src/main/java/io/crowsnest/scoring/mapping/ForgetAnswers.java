package io.crowsnest.scoring.mapping;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Reason;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.scoring.service.ForgetOnce;
import io.crowsnest.scoring.service.ForgetService;
import io.crowsnest.scoring.v1.ForgetPersonRequest;
import io.crowsnest.scoring.v1.ForgetPersonResponse;

/**
 * ForgetPerson once per idempotency key (see {@link ForgetOnce}): the first answer is kept as the
 * contract's ForgetPersonResponse and given again to a retry of the same request.
 */
@ApplicationScoped
public class ForgetAnswers implements ForgetOnce {

    @Inject
    Idempotency idempotency;

    @Override
    public ForgetService.Forgotten once(ForgetService.Request r, Supplier<ForgetService.Forgotten> erase) {
        ForgetPersonResponse answer = answer(ForgetPersonRequest.newBuilder().setPersonId(r.personId())
                .setReason(Reason.newBuilder().setCode(r.reasonCode()).setMessage(r.reasonMessage()))
                .setRequestingSystem(r.requestingSystem()).setIdempotencyKey(r.idempotencyKey()).build(), erase);
        return new ForgetService.Forgotten(answer.getForgottenPersonIdsList(), answer.getMembershipsRemovedCount(),
                Timestamps.instant(answer.getForgottenAt()), answer.getAlreadyForgotten());
    }

    /** The answer to a checked request: the erasure's, or the first one given under its idempotency key. */
    public ForgetPersonResponse answer(ForgetPersonRequest request, Supplier<ForgetService.Forgotten> erase) {
        return idempotency.once("ForgetPerson", request.getIdempotencyKey(), request, ForgetPersonResponse.parser(),
                () -> {
                    ForgetService.Forgotten done = erase.get();
                    return ForgetPersonResponse.newBuilder().addAllForgottenPersonIds(done.personIds())
                            .setMembershipsRemovedCount(done.membershipsRemoved())
                            .setForgottenAt(Timestamps.of(done.forgottenAt())).setAlreadyForgotten(done.already())
                            .build();
                });
    }
}
