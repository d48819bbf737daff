package io.crowsnest.alertnotification.client;

import java.util.function.Supplier;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * One call to a peer, tried up to {@code attempts} times with a doubling pause while the peer is
 * UNAVAILABLE or (for a safe call: a read, or a write under an idempotency key) past its deadline.
 * A peer still unreachable answers UNAVAILABLE with the reason {@code <PEER>_UNAVAILABLE}.
 */
final class PeerCalls {

    private PeerCalls() {
    }

    static <T> T call(String peer, int attempts, Supplier<T> rpc) {
        long pause = 100;
        for (int attempt = 1;; attempt++) {
            try {
                return rpc.get();
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                boolean transient_ = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
                if (!transient_) {
                    throw e;
                }
                if (attempt >= attempts) {
                    throw unavailable(peer, code);
                }
                sleep(pause, peer);
                pause *= 2;
            }
        }
    }

    static StatusRuntimeException unavailable(String peer, Status.Code code) {
        String reason = peer.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_UNAVAILABLE";
        return GrpcErrors.error(Status.Code.UNAVAILABLE, reason,
                peer + " is unreachable (" + code + "); nothing was changed that needs it, retry with the same "
                        + "idempotency key");
    }

    private static void sleep(long millis, String peer) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(peer, Status.Code.CANCELLED);
        }
    }
}
