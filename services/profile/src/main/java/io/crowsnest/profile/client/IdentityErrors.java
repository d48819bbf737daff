package io.crowsnest.profile.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import io.crowsnest.common.v1.ItemError;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.GrpcErrors.FieldViolation;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Identity's errors as profile's callers should see them. */
final class IdentityErrors {

    private IdentityErrors() {
    }

    /**
     * Identity's INVALID_ARGUMENT with each field path rewritten into the path of profile's request
     * (e.g. "identifier.value" of LookupPerson becomes "person.identifier.value"), keeping the reason.
     */
    static StatusRuntimeException invalid(StatusRuntimeException e, UnaryOperator<String> path) {
        List<FieldViolation> violations = new ArrayList<>();
        String reason = "";
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        for (Any detail : status == null ? List.<Any>of() : status.getDetailsList()) {
            try {
                if (detail.is(BadRequest.class)) {
                    detail.unpack(BadRequest.class).getFieldViolationsList()
                            .forEach(v -> violations.add(new FieldViolation(v.getField(), v.getDescription())));
                } else if (detail.is(ErrorInfo.class)) {
                    reason = detail.unpack(ErrorInfo.class).getReason();
                }
            } catch (InvalidProtocolBufferException x) {
                // an unreadable detail is left out; the status message still says what was wrong
            }
        }
        return invalid(violations, reason, String.valueOf(e.getStatus().getDescription()), path);
    }

    /** The same for one item of a batch answered INVALID_ARGUMENT. */
    static StatusRuntimeException invalid(ItemError e, UnaryOperator<String> path) {
        return invalid(e.getFieldViolationsList().stream().map(v -> new FieldViolation(v.getField(),
                v.getDescription())).toList(), e.getReason(), e.getMessage(), path);
    }

    private static StatusRuntimeException invalid(List<FieldViolation> given, String reason, String description,
            UnaryOperator<String> path) {
        List<FieldViolation> violations = new ArrayList<>();
        given.forEach(v -> violations.add(new FieldViolation(path.apply(v.field()), v.description())));
        if (violations.isEmpty()) {
            violations.add(new FieldViolation(path.apply(""), description));
        }
        if (violations.size() == 1 && !reason.isEmpty()) {
            FieldViolation v = violations.get(0);
            return GrpcErrors.invalid(v.field(), "identity: " + v.description(), reason);
        }
        return GrpcErrors.invalid(violations.stream()
                .map(v -> new FieldViolation(v.field(), "identity: " + v.description())).toList());
    }

    /** Identity unreachable, not answering in time or not able to do it yet: retry later. */
    static StatusRuntimeException unavailable(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        String why = code == Status.Code.UNIMPLEMENTED ? "identity cannot do this yet"
                : "identity is unreachable or failing (" + code + ")";
        return GrpcErrors.error(Status.Code.UNAVAILABLE, "IDENTITY_UNAVAILABLE", why + "; retry later");
    }

    static StatusRuntimeException personNotFound(String what) {
        return GrpcErrors.error(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", what);
    }
}
