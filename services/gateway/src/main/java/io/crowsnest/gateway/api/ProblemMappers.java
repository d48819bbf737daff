package io.crowsnest.gateway.api;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.grpc.StatusRuntimeException;

/** Every error leaves the gateway as application/problem+json. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response grpc(StatusRuntimeException exception) {
        return respond(GrpcProblems.toProblem(exception));
    }

    @ServerExceptionMapper
    public Response invalid(InvalidRequest exception) {
        return respond(exception.toProblem());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        return respond(new Problem("about:blank", GrpcProblems.title(status), status, exception.getMessage(), null,
                null, List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException exception) {
        LOG.error("unexpected error in the gateway", exception);
        return respond(new Problem("about:blank", "Internal Server Error", 500,
                "unexpected error; see the gateway log for this trace id", null, null, List.of()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
