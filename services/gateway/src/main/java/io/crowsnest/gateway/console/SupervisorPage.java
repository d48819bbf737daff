package io.crowsnest.gateway.console;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc.AlertNotificationServiceBlockingStub;
import io.crowsnest.alertnotification.v1.Lead;
import io.crowsnest.alertnotification.v1.LeadStatus;
import io.crowsnest.alertnotification.v1.ListLeadsRequest;
import io.crowsnest.alertnotification.v1.ListTeamsRequest;
import io.crowsnest.alertnotification.v1.Team;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.contactgovernance.v1.ContactPressure;
import io.crowsnest.contactgovernance.v1.GetContactPressureResponse;
import io.crowsnest.decisioning.v1.Campaign;
import io.crowsnest.decisioning.v1.CampaignReport;
import io.crowsnest.decisioning.v1.ChannelReport;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.decisioning.v1.GetCampaignReportRequest;
import io.crowsnest.decisioning.v1.ListCampaignsRequest;
import io.crowsnest.decisioning.v1.UpliftReport;
import io.crowsnest.gateway.api.GrpcProblems;
import io.crowsnest.gateway.client.ContactPressureClient;
import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.security.Roles;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/**
 * The supervisor's page: the latest campaigns' reports with charts (the funnel from audience to
 * conversion, the uplift over the control group with its confidence interval), the contact
 * pressure of the last 7 days by division and channel over every contact contact governance's ledger
 * holds (contacts made and distinct persons reached, whatever made them), and the leads of every
 * team by status. Each part is read from its service; one that is away empties
 * its part, not the page.
 */
@Path("/console/supervisor")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.SUPERVISOR)
@Blocking
public class SupervisorPage {

    /** How many of the latest campaigns the page reports on. */
    static final int CAMPAIGNS = 6;
    /** The contact pressure's window as shown, in UTC. */
    private static final DateTimeFormatter WINDOW_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    /** How many leads per team are counted (the newest). */
    static final int LEADS = 500;

    private static final List<LeadStatus> LEAD_STATUSES = List.of(LeadStatus.LEAD_STATUS_CANDIDATE,
            LeadStatus.LEAD_STATUS_OFFERED, LeadStatus.LEAD_STATUS_ACCEPTED, LeadStatus.LEAD_STATUS_CONVERTED,
            LeadStatus.LEAD_STATUS_REJECTED, LeadStatus.LEAD_STATUS_SUPPRESSED);

    @Inject
    ConsoleResource console;
    @Inject
    GatewaySettings settings;
    @Inject
    ContactPressureClient pressure;
    @Inject
    Clock clock;
    @GrpcClient("decisioning")
    DecisioningServiceBlockingStub decisioning;
    @GrpcClient("alert-notification")
    AlertNotificationServiceBlockingStub alerts;

    @Location("console/supervisor.html")
    Template page;

    /** A campaign's report as charted: its funnel and uplift, and the contacts governance refused it. */
    @io.quarkus.qute.TemplateData
    public record CampaignCard(String campaignId, String name, String status, String division, String channels,
            List<Charts.Step> funnel, Charts.Uplift uplift, long contacted, long controlCount, long refused) {
    }

    @GET
    public TemplateInstance supervisor() {
        Map<String, Object> campaigns = section(this::reports);
        Map<String, Object> contactPressure = section(this::pressure);
        Map<String, Object> leads = section(this::leadsByTeam);
        return page.data("user", console.user()).data("campaigns", campaigns).data("pressure", contactPressure)
                .data("leads", leads)
                .data("leadStatuses", LEAD_STATUSES.stream().map(SupervisorPage::name).toList());
    }

    /** The latest campaigns' cards. */
    private Map<String, Object> reports() {
        List<Campaign> latest = decisioning().listCampaigns(ListCampaignsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(CAMPAIGNS)).build()).getCampaignsList();
        List<CampaignCard> cards = new ArrayList<>();
        for (Campaign campaign : latest) {
            CampaignReport report = decisioning().getCampaignReport(GetCampaignReportRequest.newBuilder()
                    .setCampaignId(campaign.getCampaignId()).build()).getReport();
            cards.add(card(campaign, report));
        }
        return Map.of("cards", cards);
    }

    /**
     * A (division, channel) row of the contact pressure: its bar (contacts) and its figures in words,
     * e.g. "3 contacts · 2 persons".
     */
    @io.quarkus.qute.TemplateData
    public record PressureRow(Charts.Row bar, String text) {
    }

    /**
     * Every contact contact governance's ledger holds for the last 7 days, by division and channel:
     * one bar per row (contacts), with the distinct persons reached, and the totals.
     */
    private Map<String, Object> pressure() {
        Instant to = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Instant from = to.minus(ContactPressureClient.DEFAULT_WINDOW);
        GetContactPressureResponse answer = pressure.pressure(from, to, List.of(), List.of());
        List<String> labels = new ArrayList<>();
        List<List<Long>> counts = new ArrayList<>();
        for (ContactPressure row : answer.getPressureList()) {
            String division = row.getDivision().getId().isEmpty() ? "no division" : row.getDivision().getId();
            labels.add(division + " · " + (row.getChannel() == Channel.CHANNEL_UNSPECIFIED ? "no channel"
                    : name(row.getChannel())));
            counts.add(List.of(row.getContacts()));
        }
        List<Charts.Row> bars = Charts.stacked(labels, counts, List.of("contacts"), List.of("bar-sent"));
        List<PressureRow> rows = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            ContactPressure row = answer.getPressure(i);
            rows.add(new PressureRow(bars.get(i), count(row.getContacts(), "contact") + " · "
                    + count(row.getPersons(), "person")));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rows", rows);
        data.put("height", Charts.height(bars));
        data.put("from", WINDOW_TEXT.format(from));
        data.put("to", WINDOW_TEXT.format(to));
        data.put("total", "In total " + count(answer.getTotalContacts(), "contact") + " reached "
                + count(answer.getTotalPersons(), "distinct person") + ".");
        return data;
    }

    private static CampaignCard card(Campaign campaign, CampaignReport report) {
        ChannelReport totals = report.getTotals();
        List<Charts.Step> funnel = Charts.funnel(List.of("Audience", "Contacted", "Delivered", "Responded",
                "Converted"), List.of(report.getAudienceSize(), totals.getSentCount(), totals.getDeliveredCount(),
                        totals.getRespondedCount(), totals.getConvertedCount()));
        UpliftReport uplift = report.getUplift();
        Charts.Uplift chart = Charts.uplift(uplift.getConversionUplift().getKnown(),
                uplift.getConversionUplift().getEstimate(), uplift.getConversionUplift().getLower(),
                uplift.getConversionUplift().getUpper(), uplift.getConversionUplift().getConfidenceLevel(),
                uplift.getSummary());
        return new CampaignCard(campaign.getCampaignId(), campaign.getSpec().getName(), name(campaign.getStatus()),
                campaign.getSpec().getDivision().getId(), String.join(", ", campaign.getSpec().getChannelsList().stream()
                        .map(SupervisorPage::name).toList()), funnel, chart, uplift.getContactedCount(),
                uplift.getControlCount(), totals.getGovernanceBlockedCount());
    }

    /** Every team's leads (the newest) counted by status, as stacked bars. */
    private Map<String, Object> leadsByTeam() {
        List<Team> teams = alerts().listTeams(ListTeamsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(50)).build()).getTeamsList();
        List<String> labels = new ArrayList<>();
        List<List<Long>> counts = new ArrayList<>();
        for (Team team : teams) {
            List<Lead> leads = alerts().listLeads(ListLeadsRequest.newBuilder().setTeamId(team.getTeamId())
                    .setPage(PageRequest.newBuilder().setPageSize(LEADS)).build()).getLeadsList();
            labels.add(team.getDisplayName().isEmpty() ? team.getTeamId() : team.getDisplayName());
            counts.add(LEAD_STATUSES.stream().map(s -> leads.stream().filter(l -> l.getStatus() == s).count()).toList());
        }
        List<Charts.Row> rows = Charts.stacked(labels, counts, LEAD_STATUSES.stream().map(SupervisorPage::name)
                .toList(), LEAD_STATUSES.stream().map(s -> "lead-" + name(s)).toList());
        return Map.of("rows", rows, "height", Charts.height(rows));
    }

    /** "1 contact", "2 contacts". */
    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** An enum value without its prefix, lower case: CHANNEL_EMAIL is "email". */
    private static String name(Enum<?> value) {
        String text = value.name();
        int prefix = text.startsWith("LEAD_STATUS_") ? 12 : text.startsWith("CAMPAIGN_STATUS_") ? 16
                : text.indexOf('_') + 1;
        return text.substring(prefix).toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** The part's data under "data", or why it is missing under "error". */
    private static Map<String, Object> section(Supplier<Object> read) {
        Map<String, Object> section = new LinkedHashMap<>();
        try {
            section.put("data", read.get());
        } catch (StatusRuntimeException e) {
            var problem = GrpcProblems.toProblem(e);
            section.put("error", problem.title() + ": " + problem.detail());
        }
        return section;
    }

    private DecisioningServiceBlockingStub decisioning() {
        return decisioning.withDeadlineAfter(settings.decisioningDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    private AlertNotificationServiceBlockingStub alerts() {
        return alerts.withDeadlineAfter(settings.decisioningDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
