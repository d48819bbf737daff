package io.crowsnest.platform.grpc;

import java.util.List;
import java.util.Map;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Builds gRPC errors the way every Crowsnest contract promises them: INVALID_ARGUMENT with one
 * google.rpc.BadRequest field violation per bad field, and every other error with a
 * google.rpc.ErrorInfo whose reason is the contract's upper-snake code.
 */
public final class GrpcErrors {

    /** Domain reported in ErrorInfo. */
    public static final String DOMAIN = "crowsnest.io";

    private GrpcErrors() {
    }

    /** One bad field: its path as in the request and what is wrong with it. */
    public record FieldViolation(String field, String description) {
    }

    /** INVALID_ARGUMENT listing every violation. */
    public static StatusRuntimeException invalid(List<FieldViolation> violations) {
        BadRequest.Builder badRequest = BadRequest.newBuilder();
        for (FieldViolation v : violations) {
            badRequest.addFieldViolations(
                    BadRequest.FieldViolation.newBuilder().setField(v.field()).setDescription(v.description()));
        }
        String summary = violations.size() == 1
                ? violations.get(0).field() + ": " + violations.get(0).description()
                : violations.size() + " invalid fields, first " + violations.get(0).field() + ": "
                        + violations.get(0).description();
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage(summary)
                .addDetails(Any.pack(badRequest.build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    /** INVALID_ARGUMENT for one field. */
    public static StatusRuntimeException invalid(String field, String description) {
        return invalid(List.of(new FieldViolation(field, description)));
    }

    /** INVALID_ARGUMENT for one field, with an ErrorInfo reason too (e.g. TIME_ZONE_UNKNOWN). */
    public static StatusRuntimeException invalid(String field, String description, String reason) {
        BadRequest badRequest = BadRequest.newBuilder().addFieldViolations(
                BadRequest.FieldViolation.newBuilder().setField(field).setDescription(description)).build();
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage(field + ": " + description)
                .addDetails(Any.pack(badRequest))
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    /** Any other error: the code, a sentence, and the contract's reason code with metadata. */
    public static StatusRuntimeException error(Status.Code code, String reason, String message,
            Map<String, String> metadata) {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN)
                        .putAllMetadata(metadata).build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    public static StatusRuntimeException error(Status.Code code, String reason, String message) {
        return error(code, reason, message, Map.of());
    }

    /** The contract reason (google.rpc.ErrorInfo) a status carries, e.g. a peer's answer; "" when none. */
    public static String reason(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return "";
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return detail.unpack(ErrorInfo.class).getReason();
                } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
                    return "";
                }
            }
        }
        return "";
    }
}
