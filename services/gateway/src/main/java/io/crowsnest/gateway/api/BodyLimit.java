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
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;

/**
 * A request whose declared body is over quarkus.http.limits.max-body-size is answered 413
 * problem+json saying the limit, before its body is read and before any service is called (the
 * HTTP layer's own limit check, which runs next, would answer 413 with an empty body). A body sent
 * to the API without a Content-Length (chunked) is refused 411 problem+json: its size is known only
 * once read, and the HTTP layer would refuse one over the limit with an empty 413. The same holds
 * over HTTP/2 (h2c), where a body needs no Content-Length (its DATA frames end the stream): a
 * request to the API that declares a body by its Content-Type but not its length is refused 411
 * problem+json. Reading such a body here first is no way out: the REST layer pauses the request
 * when it starts, which Vert.x refuses for an HTTP/2 request already read to its end (a 500).
 */
@Singleton
public class BodyLimit {

    void install(@Observes Router router, ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        long max = limit.asLongValue();
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            boolean undeclaredHttp2Body = context.request().version() == HttpVersion.HTTP_2
                    && context.request().getHeader(HttpHeaders.CONTENT_TYPE) != null
                    && MAY_HAVE_BODY.contains(context.request().method());
            if (declared == null && (context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                    || undeclaredHttp2Body) && context.request().path().startsWith("/api/")) {
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
            refuse(context, json, 413, new Problem("urn:crowsnest:problem:payload-too-large", GrpcProblems.title(413),
                    413, "the request body is " + length + " bytes; the gateway accepts at most " + max + " bytes",
                    null, null, List.of(new Problem.Violation("body", "is over " + max + " bytes"))));
        });
    }

    private static final java.util.Set<HttpMethod> MAY_HAVE_BODY = java.util.Set.of(HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.PATCH, HttpMethod.DELETE);

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
