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
import io.vertx.ext.web.Router;

/**
 * A request whose declared body is over quarkus.http.limits.max-body-size is answered 413
 * problem+json saying the limit, before its body is read and before any service is called (the
 * HTTP layer's own limit check, which runs next, would answer 413 with an empty body).
 */
@Singleton
public class BodyLimit {

    void install(@Observes Router router, ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        long max = limit.asLongValue();
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
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
            Problem problem = new Problem("urn:crowsnest:problem:payload-too-large", GrpcProblems.title(413), 413,
                    "the request body is " + length + " bytes; the gateway accepts at most " + max + " bytes",
                    null, null, List.of(new Problem.Violation("body", "is over " + max + " bytes")));
            String body;
            try {
                body = json.writeValueAsString(problem);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a problem", e);
            }
            context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close").end(body);
        });
    }
}
