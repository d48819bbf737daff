package io.crowsnest.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Money;
import io.crowsnest.decisioning.v1.CampaignReport;
import io.crowsnest.decisioning.v1.CampaignStatus;
import io.crowsnest.decisioning.v1.CancelCampaignRequest;
import io.crowsnest.decisioning.v1.ChannelReport;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.DryRunCampaignRequest;
import io.crowsnest.decisioning.v1.GetCampaignReportRequest;
import io.crowsnest.decisioning.v1.GetCampaignRequest;
import io.crowsnest.decisioning.v1.LaunchCampaignRequest;
import io.crowsnest.decisioning.v1.LaunchCampaignResponse;
import io.crowsnest.decisioning.v1.ListCampaignsRequest;
import io.crowsnest.decisioning.v1.PauseCampaignRequest;
import io.crowsnest.decisioning.v1.RecordCampaignResponseRequest;
import io.crowsnest.decisioning.v1.ResumeCampaignRequest;
import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.security.Caller;
import io.crowsnest.gateway.security.Roles;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.common.annotation.Blocking;

/**
 * Campaigns for marketers (admins): dry run, launch (which creates the campaign, SCHEDULED until
 * its start), pause, resume, cancel, progress and the report in JSON or CSV; supervisors may read
 * progress and reports, and systems (service role) record responses. Each endpoint is one
 * decisioning RPC; bodies and answers are its messages in proto3 JSON. Writes need the
 * Idempotency-Key header (it becomes the request's idempotency_key) and the signed-in caller is the
 * actor (launched_by, paused_by, resumed_by, cancelled_by).
 */
@Path("/api/v1/admin/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.ADMIN)
public class CampaignResource {

    static final String CSV = "text/csv";

    @Inject
    Caller caller;

    @GrpcClient("decisioning")
    DecisioningServiceBlockingStub decisioning;

    @Inject
    GatewaySettings settings;

    /** Campaigns, newest launch first: ?status= (repeatable or comma-separated), ?division=, page_size. */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR})
    public Response campaigns(@QueryParam("status") List<String> statuses, @QueryParam("division") String division,
            @QueryParam("page_size") String pageSize, @QueryParam("page_token") String pageToken) {
        List<Problem.Violation> violations = new ArrayList<>();
        ListCampaignsRequest.Builder request = ListCampaignsRequest.newBuilder()
                .addAllStatuses(RequestParams.enums(RequestParams.values(statuses), CampaignStatus.class,
                        "CAMPAIGN_STATUS_", "status", violations))
                .setPage(RequestParams.page(pageSize, pageToken, violations));
        InvalidRequest.throwIfAny(violations);
        if (division != null && !division.isBlank()) {
            request.setDivision(DivisionRef.newBuilder().setId(division.trim()));
        }
        return ProtoJson.ok(decisioning().listCampaigns(request.build()));
    }

    /** What a campaign would reach, launching nothing: the body is a DryRunCampaignRequest. */
    @POST
    @Path("dry-run")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response dryRun(String body) {
        return ProtoJson.ok(decisioning().dryRunCampaign(ProtoJson.parse(body, DryRunCampaignRequest.newBuilder(),
                true).build()));
    }

    /** Launches a campaign (the body is a LaunchCampaignRequest): 201 with its Location. */
    @APIResponse(responseCode = "201", description = "Created: the campaign", headers = @Header(name = "Location", description = "the campaign"))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response launch(@HeaderParam("Idempotency-Key") String key, String body) {
        LaunchCampaignRequest.Builder request = write(body, LaunchCampaignRequest.newBuilder(), key);
        LaunchCampaignResponse response = decisioning().launchCampaign(request.setLaunchedBy(caller.id()).build());
        return ProtoJson.created(UriBuilder.fromResource(CampaignResource.class).path("{campaignId}")
                .build(response.getCampaignId()), response);
    }

    /** The campaign with its status and progress (counts per state, why it waits). */
    @GET
    @Path("{campaignId}")
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR})
    public Response campaign(@PathParam("campaignId") String campaignId) {
        return ProtoJson.ok(decisioning().getCampaign(GetCampaignRequest.newBuilder().setCampaignId(campaignId)
                .build()));
    }

    /** Pauses it: the body is {"reason": {"code": ..., "message": ...}}. */
    @POST
    @Path("{campaignId}/pause")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response pause(@PathParam("campaignId") String campaignId, @HeaderParam("Idempotency-Key") String key,
            String body) {
        return ProtoJson.ok(decisioning().pauseCampaign(write(body, PauseCampaignRequest.newBuilder(), key)
                .setCampaignId(campaignId).setPausedBy(caller.id()).build()));
    }

    /** Resumes a paused campaign (no body needed). */
    @POST
    @Path("{campaignId}/resume")
    public Response resume(@PathParam("campaignId") String campaignId, @HeaderParam("Idempotency-Key") String key,
            String body) {
        return ProtoJson.ok(decisioning().resumeCampaign(write(body, ResumeCampaignRequest.newBuilder(), key)
                .setCampaignId(campaignId).setResumedBy(caller.id()).build()));
    }

    /** Cancels it: the body is {"reason": {"code": ..., "message": ...}}. */
    @POST
    @Path("{campaignId}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response cancel(@PathParam("campaignId") String campaignId, @HeaderParam("Idempotency-Key") String key,
            String body) {
        return ProtoJson.ok(decisioning().cancelCampaign(write(body, CancelCampaignRequest.newBuilder(), key)
                .setCampaignId(campaignId).setCancelledBy(caller.id()).build()));
    }

    /** The report: JSON (the CampaignReport), or CSV with ?format=csv or Accept: text/csv. */
    @GET
    @Path("{campaignId}/report")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR})
    public Response report(@PathParam("campaignId") String campaignId, @QueryParam("format") String format,
            @HeaderParam("Accept") String accept) {
        List<Problem.Violation> violations = new ArrayList<>();
        String f = format == null || format.isBlank() ? "" : format.trim().toLowerCase(Locale.ROOT);
        if (!f.isEmpty() && !f.equals("csv") && !f.equals("json")) {
            violations.add(new Problem.Violation("format", "must be csv or json, got \"" + format + "\""));
        }
        InvalidRequest.throwIfAny(violations);
        CampaignReport report = decisioning().getCampaignReport(GetCampaignReportRequest.newBuilder()
                .setCampaignId(campaignId).build()).getReport();
        boolean csv = f.equals("csv") || f.isEmpty() && accept != null && accept.contains(CSV)
                && !accept.contains(MediaType.APPLICATION_JSON);
        if (!csv) {
            return ProtoJson.ok(report);
        }
        return Response.ok(csv(report), CSV + "; charset=utf-8").header("Content-Disposition",
                "attachment; filename=\"" + campaignId + "-report.csv\"").build();
    }

    /** Records a response of a member (delivery callback, open, click, conversion): a RecordCampaignResponseRequest. */
    @POST
    @Path("{campaignId}/responses")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.SERVICE})
    public Response respond(@PathParam("campaignId") String campaignId, @HeaderParam("Idempotency-Key") String key,
            String body) {
        return ProtoJson.ok(decisioning().recordCampaignResponse(write(body, RecordCampaignResponseRequest
                .newBuilder(), key).setCampaignId(campaignId).build()));
    }

    /**
     * The report as CSV: one row per line (totals, each channel, each action and channel) with the
     * funnel, then the uplift rows; amounts in major units of their currency.
     */
    public static String csv(CampaignReport r) {
        StringBuilder out = new StringBuilder("campaign_id,line,action_id,channel,audience,no_eligible_action,"
                + "governance_blocked,reserved,sent,delivered,failed,opened,clicked,responded,converted,"
                + "converted_value,currency,cost,cost_per_conversion\n");
        row(out, r.getCampaignId(), "total", "", r.getTotals());
        r.getChannelsList().forEach(c -> row(out, r.getCampaignId(), "channel", "", c));
        r.getActionsList().forEach(a -> a.getChannelsList().forEach(c -> row(out, r.getCampaignId(), "action",
                a.getActionId(), c)));
        var u = r.getUplift();
        out.append("\nmeasure,contacted,control,contacted_value,control_value,uplift,ci_lower,ci_upper,confidence\n");
        out.append(String.format(Locale.ROOT, "conversion,%d,%d,%.6f,%.6f,%.6f,%s,%s,%.2f%n", u.getContactedCount(),
                u.getControlCount(), u.getContactedConversionRate(), u.getControlConversionRate(),
                u.getConversionUplift().getEstimate(), bound(u.getConversionUplift().getLower(),
                        u.getConversionUplift()), bound(u.getConversionUplift().getUpper(), u.getConversionUplift()),
                u.getConversionUplift().getConfidenceLevel()));
        out.append(String.format(Locale.ROOT, "revenue_per_person_%s,%d,%d,%.2f,%.2f,%.2f,%s,%s,%.2f%n",
                u.getCurrencyCode(), u.getContactedCount(), u.getControlCount(), u.getContactedRevenuePerPerson(),
                u.getControlRevenuePerPerson(), u.getRevenueUpliftPerPerson().getEstimate(),
                bound(u.getRevenueUpliftPerPerson().getLower(), u.getRevenueUpliftPerPerson()),
                bound(u.getRevenueUpliftPerPerson().getUpper(), u.getRevenueUpliftPerPerson()),
                u.getRevenueUpliftPerPerson().getConfidenceLevel()));
        out.append("\nsummary,\"").append(u.getSummary().replace("\"", "\"\"")).append("\"\n");
        return out.toString();
    }

    private static String bound(double value, io.crowsnest.decisioning.v1.Interval i) {
        return i.getKnown() ? String.format(Locale.ROOT, "%.6f", value) : "";
    }

    private static void row(StringBuilder out, String campaignId, String line, String actionId, ChannelReport c) {
        String channel = c.getChannelValue() == 0 ? "" : c.getChannel().name().replace("CHANNEL_", "");
        out.append(String.join(",", campaignId, line, actionId, channel, n(c.getAudienceCount()),
                n(c.getNoEligibleActionCount()), n(c.getGovernanceBlockedCount()), n(c.getReservedCount()),
                n(c.getSentCount()), n(c.getDeliveredCount()), n(c.getFailedCount()), n(c.getOpenedCount()),
                n(c.getClickedCount()), n(c.getRespondedCount()), n(c.getConvertedCount()),
                major(c.getConvertedValue()), c.getConvertedValue().getCurrencyCode(),
                c.hasCost() ? major(c.getCost()) : "", c.hasCostPerConversion() ? major(c.getCostPerConversion())
                        : "")).append('\n');
    }

    private static String n(long value) {
        return Long.toString(value);
    }

    private static String major(Money m) {
        if (m.getCurrencyCode().isEmpty()) {
            return "0";
        }
        int digits = Math.max(0, java.util.Currency.getInstance(m.getCurrencyCode()).getDefaultFractionDigits());
        return java.math.BigDecimal.valueOf(m.getAmountMinor()).movePointLeft(digits).toPlainString();
    }

    /** The body with the Idempotency-Key header (required) as its idempotency_key. */
    private static <B extends com.google.protobuf.Message.Builder> B write(String body, B builder, String key) {
        return AdminWrites.parseWithHeaders(body, builder, key, null);
    }

    private DecisioningServiceBlockingStub decisioning() {
        return decisioning.withDeadlineAfter(settings.decisioningDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
