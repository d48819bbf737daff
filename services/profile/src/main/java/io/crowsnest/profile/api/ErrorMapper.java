package io.crowsnest.profile.api;

import java.util.concurrent.CancellationException;

import io.crowsnest.common.v1.ItemError;
import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.grpc.ItemErrors;
import io.grpc.Status;

/**
 * What profile still maps itself: a batch item's error. Every other failure becomes its status in
 * the platform's {@link Calls} — profile's refusals (domain/ProfileErrors, platform Refusals) by
 * their kind with an ErrorInfo reason (a BadRequest field violation for INVALID_ARGUMENT), request
 * checks and identity's verdicts (client/) as the status they arrive as, store and unexpected
 * failures as Calls maps them for every service.
 */
final class ErrorMapper {

    private ErrorMapper() {
    }

    /**
     * A batch item's error: what the single-event RPC would have answered; CANCELLED for an event
     * the batch stopped waiting for when its thread was interrupted.
     */
    static ItemError item(RuntimeException failure) {
        if (failure instanceof CancellationException e) {
            return ItemErrors.of(Status.CANCELLED.withDescription(e.getMessage()).asRuntimeException());
        }
        return ItemErrors.of(Calls.status(failure));
    }
}
