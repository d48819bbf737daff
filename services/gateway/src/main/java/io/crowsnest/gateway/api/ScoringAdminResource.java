package io.crowsnest.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.security.Roles;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionRequest;
import io.crowsnest.scoring.v1.DeleteSegmentRequest;
import io.crowsnest.scoring.v1.DeleteSegmentationSystemRequest;
import io.crowsnest.scoring.v1.GetPopulationViewRequest;
import io.crowsnest.scoring.v1.GetScoringPlanRequest;
import io.crowsnest.scoring.v1.GetSegmentRequest;
import io.crowsnest.scoring.v1.ListScoringPlanVersionsRequest;
import io.crowsnest.scoring.v1.ListScoringPlansRequest;
import io.crowsnest.scoring.v1.ListSegmentationSystemsRequest;
import io.crowsnest.scoring.v1.ListSegmentsRequest;
import io.crowsnest.scoring.v1.ScoringPlanVersion;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.crowsnest.scoring.v1.UpsertScoringPlanRequest;
import io.crowsnest.scoring.v1.UpsertScoringPlanResponse;
import io.crowsnest.scoring.v1.UpsertSegmentRequest;
import io.crowsnest.scoring.v1.UpsertSegmentResponse;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemRequest;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemResponse;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * Administrators manage scoring: plans and their versions, segmentation systems, segments (CEL
 * expressions, checked by scoring when saved), and read the population view. Each endpoint is one
 * scoring RPC; bodies and answers are its messages in proto3 JSON; on writes the Idempotency-Key
 * header replaces the body's idempotency_key and the signed-in caller its actor.
 */
@Path("/api/v1/admin/scoring")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.ADMIN)
public class ScoringAdminResource {

    @Inject
    Caller caller;

    @GrpcClient("scoring")
    ScoringServiceBlockingStub scoring;

    @Inject
    GatewaySettings settings;

    @GET
    @Path("plans")
    public Response plans(@QueryParam("page_size") String pageSize, @QueryParam("page_token") String pageToken) {
        List<Problem.Violation> violations = new ArrayList<>();
        ListScoringPlansRequest request = ListScoringPlansRequest.newBuilder()
                .setPage(RequestParams.page(pageSize, pageToken, violations)).build();
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(scoring().listScoringPlans(request));
    }

    /** The active version, or the latest when none is active; ?version=N for another. */
    @GET
    @Path("plans/{planId}")
    public Response plan(@PathParam("planId") String planId, @QueryParam("version") String version) {
        List<Problem.Violation> violations = new ArrayList<>();
        long number = version == null || version.isBlank() ? 0 : RequestParams.number(version, "version", violations);
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(scoring().getScoringPlan(GetScoringPlanRequest.newBuilder().setPlanId(planId)
                .setVersion(number).build()));
    }

    @GET
    @Path("plans/{planId}/versions")
    public Response planVersions(@PathParam("planId") String planId, @QueryParam("page_size") String pageSize,
            @QueryParam("page_token") String pageToken) {
        List<Problem.Violation> violations = new ArrayList<>();
        ListScoringPlanVersionsRequest request = ListScoringPlanVersionsRequest.newBuilder().setPlanId(planId)
                .setPage(RequestParams.page(pageSize, pageToken, violations)).build();
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(scoring().listScoringPlanVersions(request));
    }

    /**
     * Writes a new DRAFT version: the body is an UpsertScoringPlanRequest. 201 with the version's
     * Location (plans/{planId}?version=N).
     */
    @APIResponse(responseCode = "201", description = "Created: the new DRAFT version", headers = @Header(name = "Location", description = "the version, plans/{planId}?version=N"))
    @POST
    @Path("plans")
    public Response upsertPlan(@HeaderParam("Idempotency-Key") String key, String body) {
        UpsertScoringPlanResponse response = scoring().upsertScoringPlan(
                AdminWrites.parse(body, UpsertScoringPlanRequest.newBuilder(), true, key, caller.id()).build());
        ScoringPlanVersion written = response.getPlanVersion();
        return ProtoJson.created(UriBuilder.fromResource(ScoringAdminResource.class).path("plans/{planId}")
                .queryParam("version", written.getVersion()).build(written.getPlan().getPlanId()), response);
    }

    /** Activates a version; optional body with effective_from, expected_active_version, change_note. */
    @POST
    @Path("plans/{planId}/versions/{version}/activate")
    public Response activatePlan(@PathParam("planId") String planId, @PathParam("version") String version,
            @HeaderParam("Idempotency-Key") String key, String body) {
        List<Problem.Violation> violations = new ArrayList<>();
        long number = RequestParams.number(version, "version", violations);
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(scoring().activateScoringPlanVersion(AdminWrites
                .parseWithHeaders(body, ActivateScoringPlanVersionRequest.newBuilder(), key, caller.id())
                .setPlanId(planId).setVersion(number).build()));
    }

    @GET
    @Path("systems")
    public Response systems() {
        return ProtoJson.ok(scoring().listSegmentationSystems(ListSegmentationSystemsRequest.getDefaultInstance()));
    }

    /** One segmentation system with its segment count, as listed by ListSegmentationSystems; 404 when there is none by that id. */
    @GET
    @Path("systems/{systemId}")
    public Response system(@PathParam("systemId") String systemId) {
        return ProtoJson.ok(scoring().listSegmentationSystems(ListSegmentationSystemsRequest.getDefaultInstance())
                .getSystemsList().stream().filter(summary -> summary.getSystem().getSystemId().equals(systemId)).findFirst()
                .orElseThrow(() -> Status.NOT_FOUND.withDescription("no segmentation system " + systemId)
                        .asRuntimeException()));
    }

    /**
     * Creates or updates a segmentation system: the body is an UpsertSegmentationSystemRequest. A new
     * system (expected_revision 0) answers 201 with its Location; an update 200.
     */
    @APIResponse(responseCode = "201", description = "Created: a new system (expected_revision 0); an update answers 200", headers = @Header(name = "Location", description = "the system"))
    @PUT
    @Path("systems")
    public Response upsertSystem(@HeaderParam("Idempotency-Key") String key, String body) {
        UpsertSegmentationSystemRequest request = AdminWrites.parse(body, UpsertSegmentationSystemRequest.newBuilder(),
                true, key, caller.id()).build();
        UpsertSegmentationSystemResponse response = scoring().upsertSegmentationSystem(request);
        return ProtoJson.createdOrUpdated(request.getExpectedRevision() == 0, UriBuilder
                .fromResource(ScoringAdminResource.class).path("systems/{systemId}")
                .build(response.getSystem().getSystemId()), response);
    }

    @DELETE
    @Path("systems/{systemId}")
    public Response deleteSystem(@PathParam("systemId") String systemId, @HeaderParam("Idempotency-Key") String key) {
        return ProtoJson.ok(scoring().deleteSegmentationSystem(AdminWrites
                .parseWithHeaders(null, DeleteSegmentationSystemRequest.newBuilder(), key, caller.id())
                .setSystemId(systemId).build()));
    }

    @GET
    @Path("segments")
    public Response segments(@QueryParam("system") List<String> systems, @QueryParam("page_size") String pageSize,
            @QueryParam("page_token") String pageToken) {
        List<Problem.Violation> violations = new ArrayList<>();
        ListSegmentsRequest request = ListSegmentsRequest.newBuilder()
                .addAllSystemIds(RequestParams.values(systems))
                .setPage(RequestParams.page(pageSize, pageToken, violations)).build();
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(scoring().listSegments(request));
    }

    @GET
    @Path("segments/{segmentId}")
    public Response segment(@PathParam("segmentId") String segmentId) {
        return ProtoJson.ok(scoring().getSegment(GetSegmentRequest.newBuilder().setSegmentId(segmentId).build()));
    }

    /**
     * Creates or updates a segment: the body is an UpsertSegmentRequest. An invalid CEL expression
     * answers 400 with "line:column: reason" for the field segment.expression. A new segment
     * (expected_revision 0) answers 201 with its Location; an update or validate_only 200.
     */
    @APIResponse(responseCode = "201", description = "Created: a new segment (expected_revision 0); an update answers 200", headers = @Header(name = "Location", description = "the segment"))
    @PUT
    @Path("segments")
    public Response upsertSegment(@HeaderParam("Idempotency-Key") String key, String body) {
        UpsertSegmentRequest request = AdminWrites.parse(body, UpsertSegmentRequest.newBuilder(), true, key,
                caller.id()).build();
        UpsertSegmentResponse response = scoring().upsertSegment(request);
        if (request.getExpectedRevision() != 0 || request.getValidateOnly()) {
            return ProtoJson.ok(response);
        }
        return ProtoJson.created(UriBuilder.fromResource(ScoringAdminResource.class).path("segments/{segmentId}")
                .build(response.getSegment().getSegmentId()), response);
    }

    /** Deletes a segment; optional ?expected_revision=N. */
    @DELETE
    @Path("segments/{segmentId}")
    public Response deleteSegment(@PathParam("segmentId") String segmentId,
            @QueryParam("expected_revision") String expectedRevision, @HeaderParam("Idempotency-Key") String key) {
        List<Problem.Violation> violations = new ArrayList<>();
        long revision = expectedRevision == null || expectedRevision.isBlank() ? 0
                : RequestParams.number(expectedRevision, "expected_revision", violations);
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(scoring().deleteSegment(AdminWrites
                .parseWithHeaders(null, DeleteSegmentRequest.newBuilder(), key, caller.id())
                .setSegmentId(segmentId).setExpectedRevision(revision).build()));
    }

    /** Segment sizes and score distributions: ?system=…&score=…&buckets=N. */
    @GET
    @Path("population")
    public Response population(@QueryParam("system") List<String> systems, @QueryParam("score") List<String> scores,
            @QueryParam("buckets") String buckets) {
        List<Problem.Violation> violations = new ArrayList<>();
        int bucketCount = buckets == null || buckets.isBlank() ? 0
                : (int) RequestParams.number(buckets, "buckets", violations);
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(scoring().getPopulationView(GetPopulationViewRequest.newBuilder()
                .addAllSystemIds(RequestParams.values(systems)).addAllScoreNames(RequestParams.values(scores))
                .setBucketCount(bucketCount).build()));
    }

    private ScoringServiceBlockingStub scoring() {
        return scoring.withDeadlineAfter(settings.profileDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
