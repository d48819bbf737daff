package io.crowsnest.decisioning.client;

import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A neighbour refused a call or could not answer it, as the callers in service/ and campaigns/ read
 * it: the status code's name, the contract reason (google.rpc.ErrorInfo) and the description. The
 * peer's own status is kept: a failure that reaches decisioning's caller is answered with it
 * unchanged (api/Errors).
 */
public final class PeerFailure extends RuntimeException {

    private static final Set<String> TRANSIENT = Set.of("UNAVAILABLE", "DEADLINE_EXCEEDED", "ABORTED",
            "RESOURCE_EXHAUSTED");

    private final transient StatusRuntimeException status;

    private PeerFailure(StatusRuntimeException status) {
        super(status.getMessage(), status, false, false);
        this.status = status;
    }

    /** The failure of a call (a gRPC error, possibly wrapped by a future); anything else as UNKNOWN. */
    public static PeerFailure of(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof PeerFailure p) {
            return p;
        }
        if (cause instanceof StatusRuntimeException s) {
            return new PeerFailure(s);
        }
        return new PeerFailure(Status.fromThrowable(cause).asRuntimeException());
    }

    /** Runs a blocking call; a gRPC error becomes a PeerFailure. */
    static <T> T call(Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw new PeerFailure(e);
        }
    }

    /** The status code's name, e.g. NOT_FOUND. */
    public String code() {
        return status.getStatus().getCode().name();
    }

    /** The contract reason the peer gave, or "" when none. */
    public String reason() {
        return GrpcErrors.reason(status);
    }

    public String description() {
        return status.getStatus().getDescription();
    }

    public boolean notFound() {
        return status.getStatus().getCode() == Status.Code.NOT_FOUND;
    }

    /** The codes that mean "try again later" rather than "this request is wrong". */
    public boolean transientFailure() {
        return TRANSIENT.contains(code());
    }

    /**
     * Whether the peer refused because the person named is erased: contact-governance answered
     * FAILED_PRECONDITION PERSON_FORGOTTEN for it and now answers NOT_FOUND PERSON_NOT_FOUND, so both
     * are read alike (an older and a newer governance may answer side by side while upgrading).
     */
    public boolean personErased() {
        return code().equals("FAILED_PRECONDITION") ? reason().equals("PERSON_FORGOTTEN")
                : notFound() && reason().equals("PERSON_NOT_FOUND");
    }

    /** The peer's status, answered unchanged when the failure reaches decisioning's caller. */
    public StatusRuntimeException status() {
        return status;
    }
}
