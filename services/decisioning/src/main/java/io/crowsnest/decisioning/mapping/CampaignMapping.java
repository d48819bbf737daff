package io.crowsnest.decisioning.mapping;

import java.time.DayOfWeek;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.decisioning.domain.ActionRules;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignDefinition;
import io.crowsnest.decisioning.domain.CampaignDraft;
import io.crowsnest.decisioning.domain.CampaignFunnel;
import io.crowsnest.decisioning.domain.CampaignProgress;
import io.crowsnest.decisioning.domain.Money;
import io.crowsnest.decisioning.domain.SendWindow;
import io.crowsnest.decisioning.domain.Uplift;
import io.crowsnest.decisioning.v1.ActionReport;
import io.crowsnest.decisioning.v1.CampaignMode;
import io.crowsnest.decisioning.v1.CampaignReport;
import io.crowsnest.decisioning.v1.CampaignSpec;
import io.crowsnest.decisioning.v1.CampaignStatus;
import io.crowsnest.decisioning.v1.ChannelCost;
import io.crowsnest.decisioning.v1.ChannelReport;
import io.crowsnest.decisioning.v1.Interval;
import io.crowsnest.decisioning.v1.ReasonCount;
import io.crowsnest.decisioning.v1.UpliftReport;
import io.crowsnest.decisioning.v1.Weekday;

/** Campaigns between the contract and the domain. */
public final class CampaignMapping {

    private CampaignMapping() {
    }

    /** The spec as sent, before the checks (days left unset are left out of the definition's window). */
    public static CampaignDraft draft(CampaignSpec s) {
        List<String> days = s.getSendWindow().getDaysList().stream().map(d -> ProtoValues.name(d, "WEEKDAY_")).toList();
        Set<DayOfWeek> window = new HashSet<>();
        days.stream().filter(d -> !ActionRules.unset(d)).forEach(d -> window.add(DayOfWeek.valueOf(d)));
        List<CampaignDraft.ChannelCost> costs = s.getChannelCostsList().stream().map(c -> new CampaignDraft
                .ChannelCost(channel(c.getChannel()), ProtoValues.money(c.getCostPerContact()))).toList();
        Map<String, Money> costMap = new LinkedHashMap<>();
        costs.forEach(c -> costMap.put(c.channel(), c.cost()));
        var d = new CampaignDefinition(s.getName(), s.getDescription(), s.getDivision().getId(),
                s.getAudience().getSegmentId(), s.getActionIdsList(),
                s.getChannelsList().stream().map(CampaignMapping::channel).toList(),
                s.getSchedule().hasStartAt() ? ProtoValues.instant(s.getSchedule().getStartAt()) : null,
                s.getSchedule().hasEndAt() ? ProtoValues.instant(s.getSchedule().getEndAt()) : null,
                new SendWindow(s.getSendWindow().getStartMinuteOfDay(), s.getSendWindow().getEndMinuteOfDay(), window,
                        s.getSendWindow().getDefaultTimeZone()), s.getBriefingTeamIdsList(), s.getBriefing(),
                s.getControlGroup().getSharePercent(), s.hasExpectedValue() ? ProtoValues.money(s.getExpectedValue())
                        : null, s.getCallListTeamId(), s.getAttributionWindowDays() == 0 ? 30
                                : s.getAttributionWindowDays(), costMap,
                s.getAudience().getExpression(), s.getAudience().getMaxSize(),
                s.getSchedule().getMode() == CampaignMode.CAMPAIGN_MODE_TRIGGERED);
        String audience = switch (s.getAudience().getSelectorCase()) {
            case SEGMENT_ID -> "SEGMENT";
            case SELECTOR_NOT_SET -> "";
            default -> "EXPRESSION";
        };
        return new CampaignDraft(d, audience, s.getAudience().getMaxSize(), ProtoValues.name(s.getSchedule()
                .getMode(), "CAMPAIGN_MODE_"), s.hasSendWindow(), days, costs, s.getAttributionWindowDays());
    }

    public static String channel(Channel c) {
        return ProtoValues.name(c, "CHANNEL_");
    }

    public static Channel channel(String name) {
        return Channel.valueOf("CHANNEL_" + name);
    }

    public static CampaignSpec spec(CampaignDefinition d) {
        CampaignSpec.Builder b = CampaignSpec.newBuilder().setName(d.name()).setDescription(d.description())
                .setDivision(io.crowsnest.common.v1.DivisionRef.newBuilder().setId(d.division()))
                .addAllActionIds(d.actionIds()).addAllBriefingTeamIds(d.briefingTeamIds()).setBriefing(d.briefing())
                .setCallListTeamId(d.callListTeamId()).setAttributionWindowDays(d.attributionDays());
        if (d.expression().isEmpty()) {
            b.getAudienceBuilder().setSegmentId(d.segmentId());
        } else {
            b.getAudienceBuilder().setExpression(d.expression());
        }
        b.getAudienceBuilder().setMaxSize(d.maxSize());
        d.channels().forEach(c -> b.addChannels(channel(c)));
        b.getScheduleBuilder().setMode(d.triggered() ? CampaignMode.CAMPAIGN_MODE_TRIGGERED
                : CampaignMode.CAMPAIGN_MODE_ONE_OFF).setStartAt(ProtoValues.ts(d.startAt()));
        if (d.endAt() != null) {
            b.getScheduleBuilder().setEndAt(ProtoValues.ts(d.endAt()));
        }
        b.getSendWindowBuilder().setStartMinuteOfDay(d.window().startMinute())
                .setEndMinuteOfDay(d.window().endMinute()).setDefaultTimeZone(d.window().timeZone());
        d.window().days().stream().sorted().forEach(day -> b.getSendWindowBuilder().addDays(Weekday.forNumber(
                day.getValue())));
        if (d.controlPercent() > 0) {
            b.getControlGroupBuilder().setSharePercent(d.controlPercent());
        }
        if (d.expectedValue() != null) {
            b.setExpectedValue(ProtoValues.money(d.expectedValue()));
        }
        d.channelCosts().forEach((ch, cost) -> b.addChannelCosts(ChannelCost.newBuilder().setChannel(channel(ch))
                .setCostPerContact(ProtoValues.money(cost))));
        return b.build();
    }

    public static io.crowsnest.decisioning.v1.Campaign campaign(Campaign c, CampaignProgress p) {
        io.crowsnest.decisioning.v1.Campaign.Builder b = io.crowsnest.decisioning.v1.Campaign.newBuilder()
                .setCampaignId(c.id()).setSpec(spec(c.definition()))
                .setStatus(CampaignStatus.valueOf("CAMPAIGN_STATUS_" + c.status().name()))
                .setLaunchedBy(c.launchedBy()).setLaunchedAt(ProtoValues.ts(c.launchedAt()))
                .putAllActionVersions(c.actionVersions());
        if (c.statusReason() != null) {
            b.setStatusReason(ProtoValues.reason(c.statusReason()));
        }
        if (c.startedAt() != null) {
            b.setStartedAt(ProtoValues.ts(c.startedAt()));
        }
        if (c.endedAt() != null) {
            b.setEndedAt(ProtoValues.ts(c.endedAt()));
        }
        b.getProgressBuilder().setAudienceSize(p.audience()).setProcessedCount(p.processed())
                .setPendingCount(p.pending()).setControlCount(p.control()).setUniversalControlCount(p.universalControl())
                .setNoEligibleActionCount(p.noEligibleAction()).setBlockedCount(p.blocked())
                .setReservedCount(p.reserved()).setSentCount(p.sent()).setFailedCount(p.failed())
                .setWaitingReason(c.waitingReason()).setBriefedTeamCount(c.briefedTeamIds().size());
        return b.build();
    }

    public static CampaignReport report(io.crowsnest.decisioning.domain.CampaignReport r, String currency) {
        Map<String, Money> costs = r.campaign.definition().channelCosts();
        CampaignReport.Builder b = CampaignReport.newBuilder().setCampaignId(r.campaign.id())
                .setStatus(CampaignStatus.valueOf("CAMPAIGN_STATUS_" + r.campaign.status().name()))
                .setAudienceSize(r.audience).setUnprocessedCount(r.unprocessed).setAsOf(ProtoValues.ts(r.asOf))
                .setControlCount(r.control).setUniversalControlCount(r.universalControl);
        r.channels.forEach((ch, f) -> b.addChannels(line(channel(ch), f, f.cost(costs.get(ch)), currency)));
        b.setTotals(line(Channel.CHANNEL_UNSPECIFIED, r.totals, CampaignFunnel.costOf(r.channels, costs), currency));
        for (String actionId : r.actionOrder()) {
            ActionReport.Builder a = ActionReport.newBuilder().setActionId(actionId);
            CampaignFunnel all = new CampaignFunnel();
            r.actions.get(actionId).forEach((ch, f) -> {
                a.addChannels(line(channel(ch), f, f.cost(costs.get(ch)), currency));
                all.add(f);
            });
            b.addActions(a.setTotals(line(Channel.CHANNEL_UNSPECIFIED, all,
                    CampaignFunnel.costOf(r.actions.get(actionId), costs), currency)));
        }
        Uplift.Result u = r.uplift(currency);
        b.setUplift(UpliftReport.newBuilder().setContactedCount(u.contacted().persons())
                .setContactedConvertedCount(u.contacted().converted()).setControlCount(u.control().persons())
                .setControlConvertedCount(u.control().converted()).setContactedConversionRate(u.contacted().rate())
                .setControlConversionRate(u.control().rate()).setConversionUplift(interval(u.conversion()))
                .setCurrencyCode(currency).setContactedRevenuePerPerson(u.contacted().mean())
                .setControlRevenuePerPerson(u.control().mean()).setRevenueUpliftPerPerson(interval(u.revenue()))
                .setSummary(u.summary()));
        return b.build();
    }

    private static Interval interval(Uplift.Interval i) {
        Interval.Builder b = Interval.newBuilder().setEstimate(i.estimate()).setConfidenceLevel(i.level());
        return i.known() ? b.setLower(i.lower()).setUpper(i.upper()).setKnown(true).build() : b.build();
    }

    /** One line of the report; {@code cost}: what the line's contacts cost, null when no cost is configured. */
    private static ChannelReport line(Channel channel, CampaignFunnel f, Money cost, String currency) {
        ChannelReport.Builder b = ChannelReport.newBuilder().setChannel(channel).setAudienceCount(f.audience)
                .setNoEligibleActionCount(f.noEligibleAction).setGovernanceBlockedCount(f.blocked)
                .setReservedCount(f.reserved).setSentCount(f.sent).setDeliveredCount(f.delivered)
                .setFailedCount(f.failed).setRespondedCount(f.responded).setConvertedCount(f.converted)
                .setOpenedCount(f.opened).setClickedCount(f.clicked)
                .setConvertedValue(ProtoValues.money(new Money(currency, f.revenueMinor)));
        f.blockedByReason.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .forEach(e -> b.addGovernanceBlockedByReason(ReasonCount.newBuilder().setCode(e.getKey())
                        .setCount(e.getValue())));
        if (cost != null) {
            b.setCost(ProtoValues.money(cost));
        }
        Money per = f.perConversion(cost);
        if (per != null) {
            b.setCostPerConversion(ProtoValues.money(per));
        }
        return b.build();
    }
}
