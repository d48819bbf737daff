package io.crowsnest.gateway.api;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.crowsnest.gateway.client.PeerFailure;
import io.crowsnest.gateway.security.Roles;
import io.grpc.StatusRuntimeException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Every error leaves the gateway as application/problem+json. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response grpc(StatusRuntimeException exception) {
        return respond(GrpcProblems.toProblem(exception));
    }

    /** A service's refusal (e.g. identity's, of an erasure) reaches the caller as that service said it. */
    @ServerExceptionMapper
    public Response peer(PeerFailure exception) {
        return grpc(exception.status());
    }

    @ServerExceptionMapper
    public Response invalid(InvalidRequest exception) {
        return respond(exception.toProblem());
    }

    @ServerExceptionMapper
    public Response conflict(io.crowsnest.gateway.domain.ErasureConflict exception) {
        return respond(new Problem(GrpcProblems.typeOf(io.grpc.Status.Code.ALREADY_EXISTS), GrpcProblems.title(409),
                409, exception.getMessage(), null, "IDEMPOTENCY_KEY_REUSED", List.of()));
    }

    /** A body sent without its length that passed the limit while it was read. */
    @ServerExceptionMapper
    public Response tooLarge(CountedBody.TooLarge exception) {
        return respond(exception.toProblem());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        return respond(new Problem("about:blank", GrpcProblems.title(status), status, exception.getMessage(), null,
                null, List.of()));
    }

    /** No token, or a token that is expired, forged or not for us: 401 with a Bearer challenge. */
    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class })
    public Response unauthorized(RuntimeException exception) {
        String detail = exception instanceof UnauthorizedException
                ? "sign in: send an OIDC access token as Authorization: Bearer <token>"
                : "the token was refused (expired, not signed by the configured issuer, or malformed); get a new one";
        return Response.fromResponse(respond(new Problem("urn:crowsnest:problem:unauthenticated",
                GrpcProblems.title(401), 401, detail, null, null, List.of())))
                .header("WWW-Authenticate", exception instanceof UnauthorizedException ? "Bearer"
                        : "Bearer error=\"invalid_token\"")
                .build();
    }

    /** Signed in, but without a role this route needs. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException exception, jakarta.ws.rs.core.UriInfo uri) {
        if (uri.getPath().startsWith("/console")) {
            return Response.status(403).type(jakarta.ws.rs.core.MediaType.TEXT_HTML_TYPE).entity("""
                    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not for your role</title>
                    <link rel="stylesheet" href="/console-assets/console.css"></head><body><main>
                    <h1 id="forbidden">Not for your role</h1><p>This page is for other roles ("""
                    + Roles.describe() + """
                    ).</p><p><a href="/console">Back to the console</a></p></main></body></html>""").build();
        }
        return respond(new Problem("urn:crowsnest:problem:permission-denied", GrpcProblems.title(403), 403,
                "your roles do not allow this; " + Roles.describe(), null, null, List.of()));
    }

    /** The console's session ended: back to the sign-in page of the OIDC provider. */
    @ServerExceptionMapper
    public Response redirect(AuthenticationRedirectException exception) {
        return Response.status(exception.getCode()).location(java.net.URI.create(exception.getRedirectUri()))
                .header("Cache-Control", "no-store").build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException exception) {
        LOG.error("unexpected error in the gateway", exception);
        Problem problem = new Problem("about:blank", "Internal Server Error", 500, "unexpected error", null, null,
                List.of());
        return respond(problem.traceId() == null ? problem : new Problem(problem.type(), problem.title(), 500,
                "unexpected error; the gateway's log has it under trace id " + problem.traceId(), null, null,
                List.of(), problem.traceId()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
