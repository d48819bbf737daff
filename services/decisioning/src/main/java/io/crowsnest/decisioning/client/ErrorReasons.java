package io.crowsnest.decisioning.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;

import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Reads the contract reason (google.rpc.ErrorInfo) a neighbour's error carries. */
public final class ErrorReasons {

    private ErrorReasons() {
    }

    /** The ErrorInfo reason of the error, or "" when it carries none. */
    public static String of(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return "";
        }
        for (Any any : status.getDetailsList()) {
            if (any.is(ErrorInfo.class)) {
                try {
                    return any.unpack(ErrorInfo.class).getReason();
                } catch (InvalidProtocolBufferException ignored) {
                    return "";
                }
            }
        }
        return "";
    }

    /**
     * Whether a peer refused because the person named is erased: contact-governance answered
     * FAILED_PRECONDITION PERSON_FORGOTTEN for it and now answers NOT_FOUND PERSON_NOT_FOUND, so
     * both are read alike (an older and a newer governance may answer side by side while upgrading).
     */
    public static boolean personErased(StatusRuntimeException e) {
        String reason = of(e);
        return switch (e.getStatus().getCode()) {
            case FAILED_PRECONDITION -> "PERSON_FORGOTTEN".equals(reason);
            case NOT_FOUND -> "PERSON_NOT_FOUND".equals(reason);
            default -> false;
        };
    }
}
