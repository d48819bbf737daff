package io.crowsnest.alertnotification.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.PeerGuard;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * One guard per peer for this process (platform's {@link PeerGuard}): a call the peer could not
 * take is tried up to {@code attempts} times (every call made through here is safe to repeat: a
 * read, or a write under an idempotency key), a failing peer is given a rest by the breaker, and a
 * peer still away answers UNAVAILABLE with the reason {@code <PEER>_UNAVAILABLE}.
 */
final class PeerCalls {

    private static final Map<String, PeerGuard> GUARDS = new ConcurrentHashMap<>();

    private PeerCalls() {
    }

    static <T> T call(String peer, int attempts, Supplier<T> rpc) {
        return guard(peer, attempts).call(rpc);
    }

    static StatusRuntimeException unavailable(String peer, Status.Code code) {
        return guard(peer, 1).unavailable(code);
    }

    /**
     * Whether a peer refused because the person is erased: contact-governance answered
     * FAILED_PRECONDITION PERSON_FORGOTTEN for it and now answers NOT_FOUND PERSON_NOT_FOUND; both
     * are read alike (old and new governance instances may answer side by side while upgrading).
     */
    static boolean personErased(StatusRuntimeException e) {
        String reason = GrpcErrors.reason(e);
        return switch (e.getStatus().getCode()) {
            case FAILED_PRECONDITION -> "PERSON_FORGOTTEN".equals(reason);
            case NOT_FOUND -> "PERSON_NOT_FOUND".equals(reason);
            default -> false;
        };
    }

    private static PeerGuard guard(String peer, int attempts) {
        return GUARDS.computeIfAbsent(peer + "/" + attempts,
                key -> new PeerGuard(peer, PeerGuard.Settings.attempts(attempts)));
    }
}
