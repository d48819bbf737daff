package io.crowsnest.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** The one place where a gRPC status from a service becomes an HTTP problem. */
public final class GrpcProblems {

    private GrpcProblems() {
    }

    public static Problem toProblem(StatusRuntimeException exception) {
        Status status = exception.getStatus();
        int http = httpStatus(status.getCode());
        String reason = null;
        List<Problem.Violation> violations = new ArrayList<>();
        com.google.rpc.Status details = StatusProto.fromThrowable(exception);
        if (details != null) {
            for (Any any : details.getDetailsList()) {
                try {
                    if (any.is(BadRequest.class)) {
                        any.unpack(BadRequest.class).getFieldViolationsList().forEach(
                                v -> violations.add(new Problem.Violation(v.getField(), v.getDescription())));
                    } else if (any.is(ErrorInfo.class)) {
                        reason = any.unpack(ErrorInfo.class).getReason();
                    }
                } catch (InvalidProtocolBufferException e) {
                    // A detail we cannot read is left out; the status and description still explain.
                }
            }
        }
        String detail = status.getDescription() != null ? status.getDescription() : defaultDetail(status.getCode());
        return new Problem(typeOf(status.getCode()), title(http), http, detail, status.getCode().name(), reason,
                violations);
    }

    /** Problem type URI per gRPC code, e.g. urn:crowsnest:problem:invalid-argument. */
    static String typeOf(Status.Code code) {
        return "urn:crowsnest:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static int httpStatus(Status.Code code) {
        return switch (code) {
            case OK -> 200;
            case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
            case UNAUTHENTICATED -> 401;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED, FAILED_PRECONDITION -> 409;
            case RESOURCE_EXHAUSTED -> 429;
            case CANCELLED -> 499;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED -> 504;
            case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
        };
    }

    static String title(int http) {
        return switch (http) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 411 -> "Length Required";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 499 -> "Client Closed Request";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Internal Server Error";
        };
    }

    private static String defaultDetail(Status.Code code) {
        return switch (code) {
            case UNAVAILABLE -> "the service is not reachable right now; retry later";
            case DEADLINE_EXCEEDED -> "the service did not answer in time";
            case UNIMPLEMENTED -> "this operation is not available yet";
            default -> "the service answered " + code;
        };
    }
}
