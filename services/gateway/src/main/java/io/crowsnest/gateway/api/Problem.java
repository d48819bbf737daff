package io.crowsnest.gateway.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail (application/problem+json).
 *
 * @param type       URI identifying the kind of problem
 * @param title      short summary of the kind of problem
 * @param status     HTTP status code
 * @param detail     explanation of this occurrence, for people
 * @param grpcStatus the gRPC status code the service answered with, when the problem came from one
 * @param reason     the machine-readable reason (google.rpc.ErrorInfo), when given
 * @param violations the fields that were wrong (google.rpc.BadRequest), when given
 * @param traceId    the request's trace id (as in the gateway's log lines), when tracing is on
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String grpcStatus, String reason,
        List<Violation> violations, String traceId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem of the current request: its trace id is the one in the gateway's log lines and spans. */
    public Problem(String type, String title, int status, String detail, String grpcStatus, String reason,
            List<Violation> violations) {
        this(type, title, status, detail, grpcStatus, reason, violations, currentTraceId());
    }

    private static String currentTraceId() {
        io.opentelemetry.api.trace.SpanContext span = io.opentelemetry.api.trace.Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    /**
     * @param field       path of the offending field, e.g. "identifiers[0].value"
     * @param description what is wrong with it
     */
    public record Violation(String field, String description) {
    }
}
