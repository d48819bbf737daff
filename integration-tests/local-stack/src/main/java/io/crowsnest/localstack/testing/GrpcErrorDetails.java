package io.crowsnest.localstack.testing;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Reads the google.rpc details of a gRPC error, as a client of the contracts would. */
public final class GrpcErrorDetails {

    private GrpcErrorDetails() {
    }

    /** The ErrorInfo reason, or "" when the error carries none. */
    public static String reason(StatusRuntimeException e) {
        for (Any any : details(e)) {
            if (any.is(ErrorInfo.class)) {
                return unpack(any, ErrorInfo.class).getReason();
            }
        }
        return "";
    }

    /** The field paths of the BadRequest violations, in order. */
    public static List<String> fields(StatusRuntimeException e) {
        List<String> fields = new ArrayList<>();
        for (Any any : details(e)) {
            if (any.is(BadRequest.class)) {
                unpack(any, BadRequest.class).getFieldViolationsList().forEach(v -> fields.add(v.getField()));
            }
        }
        return fields;
    }

    private static List<Any> details(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        return status == null ? List.of() : status.getDetailsList();
    }

    private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException x) {
            throw new AssertionError("unreadable " + type.getSimpleName() + " detail", x);
        }
    }
}
