package io.crowsnest.profile.api;

import io.crowsnest.common.v1.ItemError;
import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.grpc.ItemErrors;

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

    /** A batch item's error: what the single-event RPC would have answered. */
    static ItemError item(RuntimeException failure) {
        return ItemErrors.of(Calls.status(failure));
    }
}
