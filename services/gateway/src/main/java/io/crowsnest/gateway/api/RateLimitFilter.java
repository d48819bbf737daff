package io.crowsnest.gateway.api;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.domain.RateLimits;
import io.vertx.core.http.HttpServerRequest;

/**
 * Rate limits per client on the API (crowsnest.gateway.rate-limit.*): the client is the token's
 * subject when a Bearer token is sent (read before verification, only to count — verification
 * follows), else the address. Over the limit: 429 problem+json with Retry-After in seconds.
 */
@Singleton
public class RateLimitFilter {

    /** The subject claim of a token's payload (compiled once, not per request). */
    private static final java.util.regex.Pattern SUBJECT = java.util.regex.Pattern
            .compile("\"sub\"\\s*:\\s*\"([^\"]{1,200})\"");

    @Inject
    jakarta.enterprise.inject.Instance<GatewaySettings> settings;
    @Inject
    Clock clock;

    /** Made at the first request: filters are created before the runtime configuration is read. */
    private volatile RateLimits limits;

    private RateLimits limits() {
        RateLimits current = limits;
        if (current == null) {
            synchronized (this) {
                if (limits == null) {
                    GatewaySettings.RateLimit config = settings.get().rateLimit();
                    limits = new RateLimits(config.perSecond(), config.burst());
                }
                current = limits;
            }
        }
        return current;
    }

    @ServerRequestFilter
    public Response limit(ContainerRequestContext request, HttpServerRequest http) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return null;
        }
        RateLimits.Verdict verdict = limits().take(client(request.getHeaderString("Authorization"), http),
                clock.instant());
        if (verdict.allowed()) {
            return null;
        }
        long seconds = Math.max(1, (verdict.retryAfter().toMillis() + 999) / 1000);
        Problem problem = new Problem("urn:crowsnest:problem:resource-exhausted", GrpcProblems.title(429), 429,
                "too many requests from this client; retry after " + seconds + " s", null, null, List.of());
        return Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", Long.toString(seconds))
                .entity(problem).build();
    }

    /** "sub:<subject>" of a JWT Bearer token, else "ip:<address>". */
    static String client(String authorization, HttpServerRequest http) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String[] parts = authorization.substring(7).trim().split("\\.");
            if (parts.length == 3) {
                try {
                    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
                    java.util.regex.Matcher sub = SUBJECT.matcher(payload);
                    if (sub.find()) {
                        return "sub:" + sub.group(1);
                    }
                } catch (IllegalArgumentException e) {
                    // not base64url: counted by address; verification will refuse it
                }
            }
        }
        return "ip:" + AccessAuditFilter.client(http);
    }
}
