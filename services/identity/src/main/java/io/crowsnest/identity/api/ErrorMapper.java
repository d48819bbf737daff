package io.crowsnest.identity.api;

import io.crowsnest.common.v1.ItemError;
import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.grpc.ItemErrors;

/**
 * What identity still maps itself: a batch item's error. Every other failure becomes its status in
 * the platform's {@link Calls} — identity's refusals (domain/IdentityErrors, platform Refusals) by
 * their kind with an ErrorInfo reason, request checks as INVALID_ARGUMENT with field violations,
 * store and unexpected failures as Calls maps them for every service.
 */
final class ErrorMapper {

    private ErrorMapper() {
    }

    /** A batch item's error: what the single-item RPC would have answered. */
    static ItemError item(RuntimeException failure) {
        return ItemErrors.of(Calls.status(failure));
    }
}
