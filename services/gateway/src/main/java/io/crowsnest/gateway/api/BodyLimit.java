package io.crowsnest.gateway.api;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;

/**
 * A request whose declared body is over quarkus.http.limits.max-body-size is answered 413
 * problem+json saying the limit, before its body is read and before any service is called (the
 * HTTP layer's own limit check, which runs next, would answer 413 with an empty body). A body sent
 * to the API chunked over HTTP/1.1 (no Content-Length) is refused 411 problem+json: its size is
 * known only once read, and the HTTP layer would refuse one over the limit with an empty 413.
 *
 * <p>Over HTTP/2 (h2c) a body needs no Content-Length (its DATA frames end the stream), and
 * clients send one so. Such a body to the API is counted as the route reads it ({@link CountedBody}):
 * over the limit it is refused 413 problem+json, under it the route gets it. For that, the HTTP
 * layer's own check (which would answer an empty 413 at the limit) is moved past the limit for
 * that request only, to twice the limit, which the count always reaches first. The body is not
 * read here: the REST layer pauses the request when it starts, which Vert.x refuses for an HTTP/2
 * request already read to its end (a 500).
 */
@Singleton
public class BodyLimit {

    /** The context key of the HTTP layer's own limit (Quarkus's upload-limit handler sets it). */
    private static final String HTTP_LAYER_LIMIT = "io.quarkus.max-request-size";
    private static final String COUNTED = BodyLimit.class.getName() + ".counted";

    void install(@Observes Router router, ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        long max = limit.asLongValue();
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            boolean api = context.request().path().startsWith("/api/");
            if (declared == null && api && context.request().version() == HttpVersion.HTTP_2) {
                context.put(COUNTED, true); // counted as it is read (CountedBody)
                context.next();
                return;
            }
            if (declared == null && context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null && api) {
                refuse(context, json, 411, new Problem("urn:crowsnest:problem:length-required", GrpcProblems.title(411),
                        411, "send the request body with a Content-Length (at most " + max + " bytes): its size must be"
                        + " known before it is read",
                        null, null, List.of(new Problem.Violation("Content-Length", "header is required with a body"))));
                return;
            }
            long length;
            try {
                length = declared == null ? -1 : Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length <= max) {
                context.next();
                return;
            }
            refuse(context, json, 413, tooLarge("the request body is " + length + " bytes; the gateway accepts at most "
                    + max + " bytes", max));
        });
        // right after the HTTP layer's check: a counted body is refused by the count, with a problem
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(context -> {
            if (Boolean.TRUE.equals(context.get(COUNTED))) {
                context.put(HTTP_LAYER_LIMIT, 2 * max);
            }
            context.next();
        });
    }

    /** The problem of a body over the limit of {@code max} bytes. */
    static Problem tooLarge(String detail, long max) {
        return new Problem("urn:crowsnest:problem:payload-too-large", GrpcProblems.title(413), 413, detail, null, null,
                List.of(new Problem.Violation("body", "is over " + max + " bytes")));
    }

    /**
     * Answers before the body is read; over HTTP/1.1 the connection closes, so an unread body does
     * not linger (an HTTP/2 stream ends with the answer).
     */
    private static void refuse(io.vertx.ext.web.RoutingContext context, ObjectMapper json, int status,
            Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem", e);
        }
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (context.request().version() != HttpVersion.HTTP_2) {
            // HTTP/2 has no connection header: the stream ends with the answer, the connection stays
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        context.response().end(body);
    }
}
