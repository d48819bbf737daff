package io.crowsnest.decisioning.campaigns;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A neighbour the run needs is unreachable: the pass stops and the next one retries. */
final class PeerDown extends RuntimeException {

    PeerDown(String peer, StatusRuntimeException cause) {
        super(peer + " unreachable (" + cause.getStatus().getCode() + ")", cause);
    }

    PeerDown(String what) {
        super(what);
    }

    /** True for the codes that mean "try again later" rather than "this request is wrong". */
    static boolean transientFailure(StatusRuntimeException e) {
        Status.Code c = e.getStatus().getCode();
        return c == Status.Code.UNAVAILABLE || c == Status.Code.DEADLINE_EXCEEDED || c == Status.Code.ABORTED
                || c == Status.Code.RESOURCE_EXHAUSTED;
    }

    /** Calls the peer; a transient failure becomes PeerDown, anything else is rethrown. */
    static <T> T call(String peer, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            if (transientFailure(e)) {
                throw new PeerDown(peer, e);
            }
            throw e;
        }
    }
}
