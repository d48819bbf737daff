package io.crowsnest.decisioning.campaigns;

import io.crowsnest.decisioning.client.PeerFailure;

/** A neighbour the run needs is unreachable: the pass stops and the next one retries. */
public final class PeerDown extends RuntimeException {

    PeerDown(String peer, PeerFailure cause) {
        super(peer + " unreachable (" + cause.code() + ")", cause);
    }

    PeerDown(String what) {
        super(what);
    }

    /** Calls the peer for its effect; a transient failure becomes PeerDown, anything else is rethrown. */
    static void run(String peer, Runnable call) {
        call(peer, () -> {
            call.run();
            return null;
        });
    }

    /** Calls the peer; a transient failure becomes PeerDown, anything else is rethrown. */
    static <T> T call(String peer, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (PeerFailure e) {
            if (e.transientFailure()) {
                throw new PeerDown(peer, e);
            }
            throw e;
        }
    }
}
