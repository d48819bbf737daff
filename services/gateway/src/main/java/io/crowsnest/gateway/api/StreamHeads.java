package io.crowsnest.gateway.api;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * HEAD of a live stream (server-sent events) is refused 405 problem+json, Allow: GET. JAX-RS would
 * answer it with the GET method, which opens the stream and keeps writing events after the head —
 * onto a connection the client then reuses for its next request, which never gets its answer.
 */
public class StreamHeads {

    @ServerRequestFilter
    public Response refuse(ContainerRequestContext request, ResourceInfo resource) {
        if (!HttpMethod.HEAD.equals(request.getMethod())) {
            return null;
        }
        Method method = resource.getResourceMethod();
        Produces produces = method == null ? null : method.getAnnotation(Produces.class);
        if (produces == null || Arrays.stream(produces.value()).noneMatch(MediaType.SERVER_SENT_EVENTS::equals)) {
            return null;
        }
        Problem problem = new Problem("about:blank", GrpcProblems.title(405), 405,
                "this is a live stream of server-sent events: GET it (HEAD is not served)", null, null, List.of());
        return Response.status(405).header("Allow", HttpMethod.GET).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
