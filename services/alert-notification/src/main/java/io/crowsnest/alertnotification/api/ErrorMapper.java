package io.crowsnest.alertnotification.api;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;

import io.crowsnest.alertnotification.domain.DomainException;
import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;

/**
 * The one place where refusals become gRPC status: a domain exception by its kind, with an
 * ErrorInfo reason (and a BadRequest field violation for INVALID_ARGUMENT); store and unexpected
 * failures as the platform's {@link Calls} maps them.
 */
public final class ErrorMapper {

    private ErrorMapper() {
    }

    /** Runs one unary call, answering its result or its mapped error. */
    public static <T> void unary(StreamObserver<T> response, Supplier<T> body) {
        Calls.unary(response, () -> {
            try {
                return body.get();
            } catch (DomainException e) {
                throw status(e);
            }
        });
    }

    /** The ErrorInfo reason of a status, or "" when it has none. */
    public static String reason(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return "";
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return detail.unpack(ErrorInfo.class).getReason();
                } catch (InvalidProtocolBufferException ignored) {
                    return "";
                }
            }
        }
        return "";
    }

    public static StatusRuntimeException status(RuntimeException e) {
        if (!(e instanceof DomainException d)) {
            return Calls.status(e);
        }
        Map<String, String> metadata = new HashMap<>(d.metadata());
        if (d.field() != null) {
            metadata.put("field", d.field());
        }
        return switch (d.kind()) {
            case INVALID_ARGUMENT -> GrpcErrors.invalid(d.field(), d.getMessage(), d.reason());
            case NOT_FOUND -> GrpcErrors.error(Status.Code.NOT_FOUND, d.reason(), d.getMessage(), metadata);
            case FAILED_PRECONDITION -> GrpcErrors.error(Status.Code.FAILED_PRECONDITION, d.reason(), d.getMessage(),
                    metadata);
        };
    }
}
