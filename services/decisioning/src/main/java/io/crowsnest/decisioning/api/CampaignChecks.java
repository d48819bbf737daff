package io.crowsnest.decisioning.api;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.decisioning.v1.CampaignMode;
import io.crowsnest.decisioning.v1.CampaignSpec;
import io.crowsnest.decisioning.v1.ChannelCost;
import io.crowsnest.decisioning.v1.SendWindow;
import io.crowsnest.decisioning.v1.Weekday;
import io.crowsnest.platform.grpc.GrpcErrors.Violations;

/** The request checks of a campaign spec (one violation per bad field, as in the contract). */
final class CampaignChecks {

    static final Set<Channel> CHANNELS = EnumSet.of(Channel.CHANNEL_EMAIL, Channel.CHANNEL_SMS, Channel.CHANNEL_PUSH,
            Channel.CHANNEL_PHONE);

    private CampaignChecks() {
    }

    static void spec(CampaignSpec s, String field, Instant now, Duration skew, String currency, Set<String> divisions,
            Violations v) {
        String f = field + ".";
        if (s.getName().isBlank() || s.getName().length() > 100) {
            v.add(f + "name", "is required, 1 to 100 characters");
        }
        Checks.length(s.getDescription(), 2000, f + "description", v);
        String division = s.getDivision().getId();
        Checks.matches(division, Checks.DIVISION_ID, f + "division.id", "a division id ([a-z0-9-]{1,40})", v);
        if (!division.isEmpty() && !divisions.isEmpty() && !divisions.contains(division)) {
            v.add(f + "division.id", "'" + division + "' is not a division of the governance policy " + divisions);
        }
        if (!s.hasAudience() || s.getAudience().getSelectorCase()
                == io.crowsnest.decisioning.v1.CampaignAudience.SelectorCase.SELECTOR_NOT_SET) {
            v.add(f + "audience", "is required: a segment_id");
        } else if (s.getAudience().hasSegmentId()) {
            Checks.matches(s.getAudience().getSegmentId(), java.util.regex.Pattern.compile("[a-z][a-z0-9-]{0,63}"),
                    f + "audience.segment_id", "a segment id ([a-z][a-z0-9-]{0,63})", v);
        }
        if (s.getAudience().getMaxSize() < 0) {
            v.add(f + "audience.max_size", "must not be negative");
        }
        if (s.getActionIdsCount() == 0 || s.getActionIdsCount() > 20) {
            v.add(f + "action_ids", "must hold 1 to 20 action ids, got " + s.getActionIdsCount());
        } else if (new HashSet<>(s.getActionIdsList()).size() != s.getActionIdsCount()) {
            v.add(f + "action_ids", "must not repeat an action id");
        }
        channels(s, f, v);
        schedule(s, f, now, skew, v);
        window(s.getSendWindow(), s.hasSendWindow(), f + "send_window", v);
        if (s.getBriefingTeamIdsCount() > 20) {
            v.add(f + "briefing_team_ids", "at most 20 teams, got " + s.getBriefingTeamIdsCount());
        }
        for (int i = 0; i < s.getBriefingTeamIdsCount(); i++) {
            Checks.matches(s.getBriefingTeamIds(i), Checks.ACTOR, f + "briefing_team_ids[" + i + "]",
                    "a team id ([A-Za-z0-9._@-]{1,64})", v);
        }
        if (s.getBriefingTeamIdsCount() > 0 && s.getBriefing().isBlank()) {
            v.add(f + "briefing", "is required when briefing teams are given: what agents tell customers");
        }
        Checks.length(s.getBriefing(), 4000, f + "briefing", v);
        int share = s.getControlGroup().getSharePercent();
        if (share < 0 || share > 50) {
            v.add(f + "control_group.share_percent", "must be 0 to 50 (percent of the audience held out), got "
                    + share);
        }
        if (s.hasExpectedValue() && (!s.getExpectedValue().getCurrencyCode().equals(currency)
                || s.getExpectedValue().getAmountMinor() < 0)) {
            v.add(f + "expected_value", "must be a non-negative amount in " + currency);
        }
        if (s.getAttributionWindowDays() < 0 || s.getAttributionWindowDays() > 90) {
            v.add(f + "attribution_window_days", "must be 0 (30 days) to 90, got " + s.getAttributionWindowDays());
        }
        Set<Channel> costed = new HashSet<>();
        for (int i = 0; i < s.getChannelCostsCount(); i++) {
            ChannelCost c = s.getChannelCosts(i);
            if (!s.getChannelsList().contains(c.getChannel()) || !costed.add(c.getChannel())) {
                v.add(f + "channel_costs[" + i + "].channel", "must be a channel of the campaign, at most once");
            }
            if (!c.getCostPerContact().getCurrencyCode().equals(currency) || c.getCostPerContact().getAmountMinor() < 0) {
                v.add(f + "channel_costs[" + i + "].cost_per_contact", "must be a non-negative amount in " + currency);
            }
        }
    }

    private static void channels(CampaignSpec s, String f, Violations v) {
        if (s.getChannelsCount() == 0 || s.getChannelsCount() > 4) {
            v.add(f + "channels", "must hold 1 to 4 channels, got " + s.getChannelsCount());
        }
        Set<Channel> seen = new HashSet<>();
        for (int i = 0; i < s.getChannelsCount(); i++) {
            Channel c = s.getChannels(i);
            if (!CHANNELS.contains(c)) {
                v.add(f + "channels[" + i + "]", "must be CHANNEL_EMAIL, CHANNEL_SMS, CHANNEL_PUSH or CHANNEL_PHONE");
            } else if (!seen.add(c)) {
                v.add(f + "channels[" + i + "]", "repeats " + c);
            }
        }
        if (seen.contains(Channel.CHANNEL_PHONE)) {
            Checks.matches(s.getCallListTeamId(), Checks.ACTOR, f + "call_list_team_id",
                    "the team whose queue gets the call list ([A-Za-z0-9._@-]{1,64}), required with CHANNEL_PHONE", v);
        }
    }

    private static void schedule(CampaignSpec s, String f, Instant now, Duration skew, Violations v) {
        if (s.getSchedule().getMode() == CampaignMode.CAMPAIGN_MODE_UNSPECIFIED) {
            v.add(f + "schedule.mode", "is required: CAMPAIGN_MODE_ONE_OFF");
        }
        Instant start = s.getSchedule().hasStartAt() ? ProtoValues.instant(s.getSchedule().getStartAt()) : now;
        if (start.isBefore(now.minus(skew))) {
            v.add(f + "schedule.start_at", "is in the past (" + start + "); leave it unset to start now");
        } else if (start.isAfter(now.plus(Duration.ofDays(365)))) {
            v.add(f + "schedule.start_at", "is more than 365 days ahead");
        }
        if (s.getSchedule().hasEndAt()) {
            Instant end = ProtoValues.instant(s.getSchedule().getEndAt());
            if (!end.isAfter(now)) {
                v.add(f + "schedule.end_at", "is in the past (" + end + "): the campaign could send nothing");
            } else if (!end.isAfter(start)) {
                v.add(f + "schedule.end_at", "must be after start_at");
            }
        } else if (s.getSchedule().getMode() == CampaignMode.CAMPAIGN_MODE_TRIGGERED) {
            v.add(f + "schedule.end_at", "is required for CAMPAIGN_MODE_TRIGGERED");
        }
    }

    private static void window(SendWindow w, boolean present, String f, Violations v) {
        if (!present) {
            v.add(f, "is required: when in the local day messages may be sent");
            return;
        }
        if (w.getStartMinuteOfDay() < 0 || w.getStartMinuteOfDay() > 1439) {
            v.add(f + ".start_minute_of_day", "must be 0 to 1,439");
        }
        if (w.getEndMinuteOfDay() < 1 || w.getEndMinuteOfDay() > 1440 || w.getEndMinuteOfDay() <= w.getStartMinuteOfDay()) {
            v.add(f + ".end_minute_of_day", "must be 1 to 1,440 and after start_minute_of_day");
        }
        Set<Weekday> days = new HashSet<>();
        for (int i = 0; i < w.getDaysCount(); i++) {
            if (w.getDays(i) == Weekday.WEEKDAY_UNSPECIFIED || w.getDays(i) == Weekday.UNRECOGNIZED
                    || !days.add(w.getDays(i))) {
                v.add(f + ".days[" + i + "]", "must be a weekday, at most once");
            }
        }
        try {
            ZoneId.of(w.getDefaultTimeZone());
        } catch (DateTimeException e) {
            v.add(f + ".default_time_zone", "must be an IANA time zone, e.g. Europe/Paris; got '"
                    + w.getDefaultTimeZone() + "'");
        }
    }
}
