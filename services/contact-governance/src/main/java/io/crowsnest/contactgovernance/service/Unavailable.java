package io.crowsnest.contactgovernance.service;

import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.platform.grpc.Calls;
import io.grpc.Status;

/** Whether a failure means "a store or the counters cannot be reached now" (retrying later may succeed). */
final class Unavailable {

    private Unavailable() {
    }

    static boolean is(RuntimeException e) {
        if (e instanceof GovernanceException g) {
            return g.kind() == GovernanceException.Kind.UNAVAILABLE;
        }
        // Store outages (Redis, MongoDB) are recognised by the platform the way it answers them.
        return Calls.status(e).getStatus().getCode() == Status.Code.UNAVAILABLE;
    }
}
