package io.crowsnest.gateway.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A service refused a call or could not answer it, as the gateway's use cases read it: whether the
 * service knows nothing of what was named (NOT_FOUND) and a line saying what it answered. The
 * service's own status is kept, so that a refusal that reaches the gateway's caller is answered as
 * the service said it (api/ProblemMappers).
 */
public final class PeerFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient StatusRuntimeException status;

    PeerFailure(StatusRuntimeException status) {
        super(status.getMessage(), status, false, false);
        this.status = status;
    }

    /** The service holds nothing about what the call named (NOT_FOUND). */
    public boolean notFound() {
        return status.getStatus().getCode() == Status.Code.NOT_FOUND;
    }

    /** The status code's name, e.g. UNAVAILABLE. */
    public String code() {
        return status.getStatus().getCode().name();
    }

    /** The code and the service's description, e.g. "UNAVAILABLE: io exception", as an erasure's last error shows it. */
    public String summary() {
        String description = status.getStatus().getDescription();
        return code() + (description == null ? "" : ": " + description);
    }

    /** The service's status, answered unchanged when the failure reaches the gateway's caller. */
    public StatusRuntimeException status() {
        return status;
    }
}
