package io.crowsnest.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.decisioning.v1.ActionKind;
import io.crowsnest.decisioning.v1.ActionStatus;
import io.crowsnest.decisioning.v1.CreateActionRequest;
import io.crowsnest.decisioning.v1.CreateActionResponse;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.GetActionRequest;
import io.crowsnest.decisioning.v1.ListActionChangesRequest;
import io.crowsnest.decisioning.v1.ListActionsRequest;
import io.crowsnest.decisioning.v1.RetireActionRequest;
import io.crowsnest.decisioning.v1.UpdateActionRequest;
import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.security.Roles;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * Administrators manage the action catalogue: create an action, write a new version of it, read
 * and list versions, retire it, and read the audit of every change. Each endpoint is one
 * decisioning RPC; bodies and answers are its messages in proto3 JSON. On writes the
 * Idempotency-Key header replaces the body's idempotency_key and the signed-in caller its actor field
 * (created_by, updated_by, retired_by); each is required in one place or the other.
 */
@Path("/api/v1/admin/actions")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.ADMIN)
public class ActionAdminResource {

    @Inject
    Caller caller;

    @GrpcClient("decisioning")
    DecisioningServiceBlockingStub decisioning;

    @Inject
    GatewaySettings settings;

    /**
     * The catalogue, by action id: filters kind, status, channel (each repeatable or
     * comma-separated), division, valid_at (RFC 3339), all_versions=true; page_size, page_token.
     */
    @GET
    public Response actions(@QueryParam("kind") List<String> kinds, @QueryParam("status") List<String> statuses,
            @QueryParam("channel") List<String> channels, @QueryParam("division") String division,
            @QueryParam("valid_at") String validAt, @QueryParam("all_versions") String allVersions,
            @QueryParam("page_size") String pageSize, @QueryParam("page_token") String pageToken) {
        List<Problem.Violation> violations = new ArrayList<>();
        ListActionsRequest.Builder request = ListActionsRequest.newBuilder()
                .addAllKinds(RequestParams.enums(RequestParams.values(kinds), ActionKind.class, "ACTION_KIND_", "kind",
                        violations))
                .addAllStatuses(RequestParams.enums(RequestParams.values(statuses), ActionStatus.class,
                        "ACTION_STATUS_", "status", violations))
                .addAllChannels(RequestParams.enums(RequestParams.values(channels), Channel.class, "CHANNEL_",
                        "channel", violations))
                .setAllVersions(flag(allVersions, "all_versions", violations))
                .setPage(RequestParams.page(pageSize, pageToken, violations));
        Timestamp at = RequestParams.instant(validAt, "valid_at", violations);
        InvalidRequest.throwIfAny(violations);
        if (at != null) {
            request.setValidAt(at);
        }
        if (division != null && !division.isBlank()) {
            request.setDivision(DivisionRef.newBuilder().setId(division.trim()));
        }
        return ProtoJson.ok(decisioning().listActions(request.build()));
    }

    /** Creates an action (version 1): the body is a CreateActionRequest. 201 with its Location. */
    @APIResponse(responseCode = "201", description = "Created: the action's version 1; validate_only answers 200", headers = @Header(name = "Location", description = "the action"))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam("Idempotency-Key") String key, String body) {
        CreateActionRequest.Builder request = write(body, CreateActionRequest.newBuilder(), "created_by", key, caller.id());
        CreateActionResponse response = decisioning().createAction(request.build());
        if (request.getValidateOnly()) {
            return ProtoJson.ok(response);
        }
        return ProtoJson.created(UriBuilder.fromResource(ActionAdminResource.class).path("{actionId}")
                .build(response.getAction().getActionId()), response);
    }

    /** The audit of the catalogue, newest first; ?action_id= for one action's changes. */
    @GET
    @Path("changes")
    public Response changes(@QueryParam("action_id") String actionId, @QueryParam("page_size") String pageSize,
            @QueryParam("page_token") String pageToken) {
        List<Problem.Violation> violations = new ArrayList<>();
        ListActionChangesRequest.Builder request = ListActionChangesRequest.newBuilder()
                .setPage(RequestParams.page(pageSize, pageToken, violations));
        InvalidRequest.throwIfAny(violations);
        if (actionId != null) {
            request.setActionId(actionId.trim());
        }
        return ProtoJson.ok(decisioning().listActionChanges(request.build()));
    }

    /** The latest version, or ?version=N. */
    @GET
    @Path("{actionId}")
    public Response action(@PathParam("actionId") String actionId, @QueryParam("version") String version) {
        List<Problem.Violation> violations = new ArrayList<>();
        int number = version == null || version.isBlank() ? 0 : version(version, violations);
        InvalidRequest.throwIfAny(violations);
        return ProtoJson.ok(decisioning().getAction(GetActionRequest.newBuilder().setActionId(actionId)
                .setVersion(number).build()));
    }

    /** A new version: the body is an UpdateActionRequest (expected_version and the complete spec). */
    @PUT
    @Path("{actionId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("actionId") String actionId, @HeaderParam("Idempotency-Key") String key,
            String body) {
        return ProtoJson.ok(decisioning().updateAction(write(body, UpdateActionRequest.newBuilder(), "updated_by",
                key, caller.id()).setActionId(actionId).build()));
    }

    /** Retires the action for good: the body is {"reason": {"code": ..., "message": ...}}. */
    @POST
    @Path("{actionId}/retire")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response retire(@PathParam("actionId") String actionId, @HeaderParam("Idempotency-Key") String key,
            String body) {
        return ProtoJson.ok(decisioning().retireAction(write(body, RetireActionRequest.newBuilder(), "retired_by",
                key, caller.id()).setActionId(actionId).build()));
    }

    /**
     * The body with the caller: Idempotency-Key replaces idempotency_key and the signed-in caller
     * the actor field; an idempotency key missing from both header and body is refused here.
     */
    private static <B extends Message.Builder> B write(String body, B builder, String actorField, String key,
            String actor) {
        ProtoJson.parse(body, builder, true);
        List<Problem.Violation> violations = new ArrayList<>();
        fromHeader(builder, "idempotency_key", key, "Idempotency-Key", violations);
        builder.setField(builder.getDescriptorForType().findFieldByName(actorField), actor);
        InvalidRequest.throwIfAny(violations);
        return builder;
    }

    private static void fromHeader(Message.Builder builder, String field, String header, String headerName,
            List<Problem.Violation> out) {
        FieldDescriptor descriptor = builder.getDescriptorForType().findFieldByName(field);
        if (header != null && !header.isBlank()) {
            builder.setField(descriptor, header.trim());
        } else if (((String) builder.getField(descriptor)).isEmpty()) {
            out.add(new Problem.Violation(headerName, "header is required (or " + field + " in the body)"));
        }
    }

    private static int version(String value, List<Problem.Violation> out) {
        long number = RequestParams.number(value, "version", out);
        if (number < 0 || number > Integer.MAX_VALUE) {
            out.add(new Problem.Violation("version", "must be a version number from 1 (0 = the latest), got "
                    + value));
            return 0;
        }
        return (int) number;
    }

    private static boolean flag(String value, String param, List<Problem.Violation> out) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                out.add(new Problem.Violation(param, "must be true or false, got \"" + value + "\""));
                yield false;
            }
        };
    }

    private DecisioningServiceBlockingStub decisioning() {
        return decisioning.withDeadlineAfter(settings.decisioningDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
