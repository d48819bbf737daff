package io.crowsnest.decisioning.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.CampaignDraft;
import io.crowsnest.decisioning.domain.CampaignGroup;
import io.crowsnest.decisioning.domain.CampaignRules;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.domain.FieldChecks;
import io.crowsnest.decisioning.domain.Money;
import io.crowsnest.decisioning.mapping.CampaignMapping;
import io.crowsnest.decisioning.mapping.ProtoValues;
import io.crowsnest.decisioning.service.CampaignQueries;
import io.crowsnest.decisioning.service.CampaignReportService;
import io.crowsnest.decisioning.service.CancelCampaignService;
import io.crowsnest.decisioning.service.DryRunCampaignService;
import io.crowsnest.decisioning.service.LaunchCampaignService;
import io.crowsnest.decisioning.service.PauseCampaignService;
import io.crowsnest.decisioning.service.RecordCampaignResponseService;
import io.crowsnest.decisioning.service.ResumeCampaignService;
import io.crowsnest.decisioning.v1.*;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * The campaign RPCs behind DecisioningGrpcService: check the request, map it, call the use case,
 * map back; mutating calls run once per idempotency key.
 */
@ApplicationScoped
class CampaignRpcs {


    @Inject
    LaunchCampaignService launch;
    @Inject
    DryRunCampaignService dryRun;
    @Inject
    PauseCampaignService pause;
    @Inject
    ResumeCampaignService resume;
    @Inject
    CancelCampaignService cancel;
    @Inject
    CampaignQueries queries;
    @Inject
    CampaignReportService reports;
    @Inject
    RecordCampaignResponseService responses;
    @Inject
    Idempotency idempotency;
    @Inject
    DecisioningConfig config;
    @Inject
    Clock clock;

    LaunchCampaignResponse launch(LaunchCampaignRequest r, Set<String> divisions) {
        FieldChecks v = new FieldChecks();
        CampaignDraft draft = CampaignMapping.draft(r.getSpec());
        CampaignRules.check(draft, "spec", clock.instant(), config.clockSkew(), config.reportingCurrency(), divisions,
                v);
        Checks.matches(r.getLaunchedBy(), Checks.ACTOR, "launched_by", "an actor ([A-Za-z0-9._@-]{1,64})", v);
        Checks.idempotencyKey(r.getIdempotencyKey(), v);
        v.throwIfAny();
        return idempotency.once("LaunchCampaign", r.getIdempotencyKey(), r, LaunchCampaignResponse.parser(), () -> {
            var c = launch.launch(draft.definition(), r.getLaunchedBy());
            var p = queries.withProgress(c);
            return LaunchCampaignResponse.newBuilder().setCampaignId(c.id())
                    .setCampaign(CampaignMapping.campaign(p.campaign(), p.progress())).build();
        });
    }

    DryRunCampaignResponse dryRun(DryRunCampaignRequest r, Set<String> divisions) {
        FieldChecks v = new FieldChecks();
        CampaignDraft draft = CampaignMapping.draft(r.getSpec());
        CampaignRules.check(draft, "spec", clock.instant(), config.clockSkew(), config.reportingCurrency(), divisions,
                v);
        if (r.getSampleSize() < 0 || r.getSampleSize() > 10_000) {
            v.add("sample_size", "must be 0 (1,000) to 10,000, got " + r.getSampleSize());
        }
        v.throwIfAny();
        var d = dryRun.dryRun(draft.definition(), r.getSampleSize() == 0 ? 1000 : r.getSampleSize());
        DryRunCampaignResponse.Builder b = DryRunCampaignResponse.newBuilder().setAudienceSize(d.audience())
                .setOverLimitCount(d.overLimit())
                .setControlCount(d.control()).setUniversalControlCount(d.universalControl())
                .setTargetCount(d.target()).setCheckedCount(d.checked()).setBlockedCount(d.blocked())
                .setEstimatedBlockedCount(d.estimatedBlocked());
        d.blocks().entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).forEach(e -> {
            String[] k = e.getKey().split("\\|", -1);
            b.addBlocks(DryRunBlock.newBuilder().setCode(k[0]).setDivisionId(k[1]).setCount(e.getValue()));
        });
        d.overlaps().forEach((c, n) -> b.addOverlaps(CampaignOverlap.newBuilder().setCampaignId(c.id())
                .setName(c.definition().name()).setDivisionId(c.definition().division())
                .setStatus(io.crowsnest.decisioning.v1.CampaignStatus.valueOf("CAMPAIGN_STATUS_" + c.status().name()))
                .setOverlapCount(n)));
        return b.setSummary(d.summary()).build();
    }

    GetCampaignResponse get(GetCampaignRequest r) {
        campaignId(r.getCampaignId());
        var p = queries.get(r.getCampaignId());
        return GetCampaignResponse.newBuilder().setCampaign(CampaignMapping.campaign(p.campaign(), p.progress()))
                .build();
    }

    ListCampaignsResponse list(ListCampaignsRequest r) {
        FieldChecks v = new FieldChecks();
        List<CampaignStatus> statuses = new ArrayList<>();
        for (int i = 0; i < r.getStatusesCount(); i++) {
            var s = r.getStatuses(i);
            if (s == io.crowsnest.decisioning.v1.CampaignStatus.CAMPAIGN_STATUS_UNSPECIFIED
                    || s == io.crowsnest.decisioning.v1.CampaignStatus.UNRECOGNIZED) {
                v.add("statuses[" + i + "]", "must be a campaign status");
            } else {
                statuses.add(CampaignStatus.valueOf(ProtoValues.name(s, "CAMPAIGN_STATUS_")));
            }
        }
        int size = PageTokens.size(r.getPage().getPageSize(), 50, 500, v);
        java.time.Instant from = r.getLaunched().hasStart() ? ProtoValues.instant(r.getLaunched().getStart()) : null;
        java.time.Instant to = r.getLaunched().hasEnd() ? ProtoValues.instant(r.getLaunched().getEnd()) : null;
        if (from != null && to != null && to.isBefore(from)) {
            v.add("launched.end", "must not be before launched.start");
        }
        if (!r.getDivision().getId().isEmpty()) {
            Checks.matches(r.getDivision().getId(), FieldChecks.DIVISION_ID, "division.id", "a division id", v);
        }
        v.throwIfAny();
        String filter = "campaigns:" + statuses + ":" + r.getDivision().getId() + ":" + from + ":" + to;
        var page = queries.list(statuses, r.getDivision().getId(), from, to, PageTokens.read(r.getPage()
                .getPageToken(), filter), size);
        ListCampaignsResponse.Builder b = ListCampaignsResponse.newBuilder();
        page.items().forEach(p -> b.addCampaigns(CampaignMapping.campaign(p.campaign(), p.progress())));
        if (!page.next().isEmpty()) {
            b.getPageBuilder().setNextPageToken(PageTokens.issue(filter, page.next()));
        }
        return b.build();
    }

    PauseCampaignResponse pause(PauseCampaignRequest r) {
        FieldChecks v = lifecycleChecks(r.getCampaignId(), r.getPausedBy(), "paused_by", r.getIdempotencyKey());
        Checks.reason(r.getReason(), "reason", v);
        v.throwIfAny();
        return idempotency.once("PauseCampaign", r.getIdempotencyKey(), r, PauseCampaignResponse.parser(), () -> {
            var c = pause.pause(r.getCampaignId(), ProtoValues.reason(r.getReason()));
            var p = queries.withProgress(c);
            return PauseCampaignResponse.newBuilder().setCampaign(CampaignMapping.campaign(c, p.progress())).build();
        });
    }

    ResumeCampaignResponse resume(ResumeCampaignRequest r) {
        lifecycleChecks(r.getCampaignId(), r.getResumedBy(), "resumed_by", r.getIdempotencyKey()).throwIfAny();
        return idempotency.once("ResumeCampaign", r.getIdempotencyKey(), r, ResumeCampaignResponse.parser(), () -> {
            var c = resume.resume(r.getCampaignId());
            var p = queries.withProgress(c);
            return ResumeCampaignResponse.newBuilder().setCampaign(CampaignMapping.campaign(c, p.progress())).build();
        });
    }

    CancelCampaignResponse cancel(CancelCampaignRequest r) {
        FieldChecks v = lifecycleChecks(r.getCampaignId(), r.getCancelledBy(), "cancelled_by", r.getIdempotencyKey());
        Checks.reason(r.getReason(), "reason", v);
        v.throwIfAny();
        return idempotency.once("CancelCampaign", r.getIdempotencyKey(), r, CancelCampaignResponse.parser(), () -> {
            var c = cancel.cancel(r.getCampaignId(), ProtoValues.reason(r.getReason()));
            var p = queries.withProgress(c.campaign());
            return CancelCampaignResponse.newBuilder().setCampaign(CampaignMapping.campaign(c.campaign(),
                    p.progress())).setReleasedReservationCount(c.released()).build();
        });
    }

    GetCampaignReportResponse report(GetCampaignReportRequest r) {
        campaignId(r.getCampaignId());
        return GetCampaignReportResponse.newBuilder().setReport(CampaignMapping.report(reports.report(
                r.getCampaignId()), config.reportingCurrency())).build();
    }

    RecordCampaignResponseResponse respond(RecordCampaignResponseRequest r) {
        FieldChecks v = new FieldChecks();
        Checks.matches(r.getCampaignId(), FieldChecks.CAMPAIGN_ID, "campaign_id", "a campaign id", v);
        Checks.personId(r.getPersonId(), "person_id", v);
        String type = ProtoValues.name(r.getType(), "CAMPAIGN_RESPONSE_TYPE_");
        Instant occurredAt = r.hasOccurredAt() ? ProtoValues.instant(r.getOccurredAt()) : null;
        Money value = r.hasValue() ? ProtoValues.money(r.getValue()) : null;
        CampaignRules.response(type, occurredAt, value, clock.instant(), config.clockSkew(),
                config.reportingCurrency(), v);
        Checks.requestingSystem(r.getSource(), "source", v);
        Checks.idempotencyKey(r.getIdempotencyKey(), v);
        v.throwIfAny();
        return idempotency.once("RecordCampaignResponse", r.getIdempotencyKey(), r,
                RecordCampaignResponseResponse.parser(), () -> {
                    var a = responses.record(r.getCampaignId(), r.getPersonId(), type, occurredAt, value,
                            "key:" + r.getIdempotencyKey());
                    return RecordCampaignResponseResponse.newBuilder().setAttributed(a.attributed())
                            .setGroup(a.group() == null ? io.crowsnest.decisioning.v1.CampaignGroup
                                    .CAMPAIGN_GROUP_UNSPECIFIED : group(a.group()))
                            .setExplanation(a.explanation()).build();
                });
    }

    private static io.crowsnest.decisioning.v1.CampaignGroup group(CampaignGroup g) {
        return io.crowsnest.decisioning.v1.CampaignGroup.valueOf("CAMPAIGN_GROUP_" + g.name());
    }

    private static void campaignId(String id) {
        FieldChecks v = new FieldChecks();
        Checks.matches(id, FieldChecks.CAMPAIGN_ID, "campaign_id", "a campaign id (up to 64 characters)", v);
        v.throwIfAny();
    }

    private static FieldChecks lifecycleChecks(String id, String actor, String actorField, String key) {
        FieldChecks v = new FieldChecks();
        Checks.matches(id, FieldChecks.CAMPAIGN_ID, "campaign_id", "a campaign id (up to 64 characters)", v);
        Checks.matches(actor, Checks.ACTOR, actorField, "an actor ([A-Za-z0-9._@-]{1,64})", v);
        Checks.idempotencyKey(key, v);
        return v;
    }
}
