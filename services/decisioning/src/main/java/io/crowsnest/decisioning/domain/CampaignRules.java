package io.crowsnest.decisioning.domain;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;


/**
 * What makes a campaign well-formed (one violation per bad field, paths under the spec's field, as
 * in the contract).
 */
public final class CampaignRules {

    /** The channels a campaign sends on. */
    public static final Set<String> CHANNELS = Set.of("EMAIL", "SMS", "PUSH", "PHONE");
    private static final Pattern SEGMENT_ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private CampaignRules() {
    }

    public static void check(CampaignDraft s, String field, Instant now, Duration skew, String currency,
            Set<String> divisions, FieldChecks v) {
        String f = field + ".";
        CampaignDefinition d = s.definition();
        if (d.name().isBlank() || d.name().length() > 100) {
            v.add(f + "name", "is required, 1 to 100 characters");
        }
        v.length(d.description(), 2000, f + "description");
        v.matches(d.division(), FieldChecks.DIVISION_ID, f + "division.id", "a division id ([a-z0-9-]{1,40})");
        if (!d.division().isEmpty() && !divisions.isEmpty() && !divisions.contains(d.division())) {
            v.add(f + "division.id", "'" + d.division() + "' is not a division of the governance policy " + divisions);
        }
        if (s.audience().isEmpty()) {
            v.add(f + "audience", "is required: a segment_id or an expression");
        } else if (s.audience().equals("SEGMENT")) {
            v.matches(d.segmentId(), SEGMENT_ID, f + "audience.segment_id", "a segment id ([a-z][a-z0-9-]{0,63})");
        } else if (d.expression().isBlank()) {
            v.add(f + "audience.expression", "must not be blank: a CEL expression evaluating to a bool");
        } else if (s.mode().equals("TRIGGERED")) {
            v.add(f + "audience.expression", "is for CAMPAIGN_MODE_ONE_OFF only: a TRIGGERED campaign follows a "
                    + "segment_id");
        }
        if (s.maxSize() < 0) {
            v.add(f + "audience.max_size", "must not be negative");
        } else if (s.maxSize() > 0 && s.mode().equals("TRIGGERED")) {
            v.add(f + "audience.max_size", "is for CAMPAIGN_MODE_ONE_OFF only: a TRIGGERED campaign contacts persons "
                    + "as they enter, before the others are known");
        }
        if (d.actionIds().isEmpty() || d.actionIds().size() > 20) {
            v.add(f + "action_ids", "must hold 1 to 20 action ids, got " + d.actionIds().size());
        } else if (new HashSet<>(d.actionIds()).size() != d.actionIds().size()) {
            v.add(f + "action_ids", "must not repeat an action id");
        }
        channels(d, f, v);
        schedule(s, f, now, skew, v);
        window(s, f + "send_window", v);
        List<String> teams = d.briefingTeamIds();
        if (teams.size() > 20) {
            v.add(f + "briefing_team_ids", "at most 20 teams, got " + teams.size());
        }
        for (int i = 0; i < teams.size(); i++) {
            v.matches(teams.get(i), FieldChecks.ACTOR, f + "briefing_team_ids[" + i + "]",
                    "a team id ([A-Za-z0-9._@-]{1,64})");
        }
        if (!teams.isEmpty() && d.briefing().isBlank()) {
            v.add(f + "briefing", "is required when briefing teams are given: what agents tell customers");
        }
        v.length(d.briefing(), 4000, f + "briefing");
        if (d.controlPercent() < 0 || d.controlPercent() > 50) {
            v.add(f + "control_group.share_percent", "must be 0 to 50 (percent of the audience held out), got "
                    + d.controlPercent());
        }
        if (d.expectedValue() != null && (!d.expectedValue().currency().equals(currency)
                || d.expectedValue().amountMinor() < 0)) {
            v.add(f + "expected_value", "must be a non-negative amount in " + currency);
        }
        if (s.attributionDays() < 0 || s.attributionDays() > 90) {
            v.add(f + "attribution_window_days", "must be 0 (30 days) to 90, got " + s.attributionDays());
        }
        Set<String> costed = new HashSet<>();
        for (int i = 0; i < s.costs().size(); i++) {
            CampaignDraft.ChannelCost c = s.costs().get(i);
            if (!d.channels().contains(c.channel()) || !costed.add(c.channel())) {
                v.add(f + "channel_costs[" + i + "].channel", "must be a channel of the campaign, at most once");
            }
            if (!c.cost().currency().equals(currency) || c.cost().amountMinor() < 0) {
                v.add(f + "channel_costs[" + i + "].cost_per_contact", "must be a non-negative amount in " + currency);
            }
        }
    }

    /**
     * What makes a reported campaign response well-formed: its type (DELIVERED, OPENED, CLICKED,
     * RESPONDED or CONVERTED; unset is "UNSPECIFIED" or "UNRECOGNIZED"), when it happened (required,
     * not ahead of the clock beyond the skew), and a value only on a conversion, non-negative and in
     * the reporting currency.
     */
    public static void response(String type, Instant occurredAt, Money value, Instant now, Duration skew,
            String currency, FieldChecks v) {
        if (ActionRules.unset(type)) {
            v.add("type", "is required, e.g. CAMPAIGN_RESPONSE_TYPE_CONVERTED");
        }
        if (occurredAt == null) {
            v.add("occurred_at", "is required");
        } else if (occurredAt.isAfter(now.plus(skew))) {
            v.add("occurred_at", "is in the future");
        }
        if (value != null && (!type.equals("CONVERTED") || !value.currency().equals(currency)
                || value.amountMinor() < 0)) {
            v.add("value", "only for CONVERTED, a non-negative amount in " + currency);
        }
    }

    private static void channels(CampaignDefinition d, String f, FieldChecks v) {
        if (d.channels().isEmpty() || d.channels().size() > 4) {
            v.add(f + "channels", "must hold 1 to 4 channels, got " + d.channels().size());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < d.channels().size(); i++) {
            String c = d.channels().get(i);
            if (!CHANNELS.contains(c)) {
                v.add(f + "channels[" + i + "]", "must be CHANNEL_EMAIL, CHANNEL_SMS, CHANNEL_PUSH or CHANNEL_PHONE");
            } else if (!seen.add(c)) {
                v.add(f + "channels[" + i + "]", "repeats " + ActionRules.channelName(c));
            }
        }
        if (seen.contains("PHONE")) {
            v.matches(d.callListTeamId(), FieldChecks.ACTOR, f + "call_list_team_id",
                    "the team whose queue gets the call list ([A-Za-z0-9._@-]{1,64}), required with CHANNEL_PHONE");
        }
    }

    private static void schedule(CampaignDraft s, String f, Instant now, Duration skew, FieldChecks v) {
        if (s.mode().equals("UNSPECIFIED")) {
            v.add(f + "schedule.mode", "is required: CAMPAIGN_MODE_ONE_OFF or CAMPAIGN_MODE_TRIGGERED");
        }
        Instant start = s.definition().startAt() != null ? s.definition().startAt() : now;
        if (start.isBefore(now.minus(skew))) {
            v.add(f + "schedule.start_at", "is in the past (" + start + "); leave it unset to start now");
        } else if (start.isAfter(now.plus(Duration.ofDays(365)))) {
            v.add(f + "schedule.start_at", "is more than 365 days ahead");
        }
        Instant end = s.definition().endAt();
        if (end != null) {
            if (!end.isAfter(now)) {
                v.add(f + "schedule.end_at", "is in the past (" + end + "): the campaign could send nothing");
            } else if (!end.isAfter(start)) {
                v.add(f + "schedule.end_at", "must be after start_at");
            }
        } else if (s.mode().equals("TRIGGERED")) {
            v.add(f + "schedule.end_at", "is required for CAMPAIGN_MODE_TRIGGERED");
        }
    }

    private static void window(CampaignDraft s, String f, FieldChecks v) {
        if (!s.sendWindow()) {
            v.add(f, "is required: when in the local day messages may be sent");
            return;
        }
        SendWindow w = s.definition().window();
        if (w.startMinute() < 0 || w.startMinute() > 1439) {
            v.add(f + ".start_minute_of_day", "must be 0 to 1,439");
        }
        if (w.endMinute() < 1 || w.endMinute() > 1440 || w.endMinute() <= w.startMinute()) {
            v.add(f + ".end_minute_of_day", "must be 1 to 1,440 and after start_minute_of_day");
        }
        Set<String> days = new HashSet<>();
        for (int i = 0; i < s.days().size(); i++) {
            if (ActionRules.unset(s.days().get(i)) || !days.add(s.days().get(i))) {
                v.add(f + ".days[" + i + "]", "must be a weekday, at most once");
            }
        }
        try {
            ZoneId.of(w.timeZone());
        } catch (DateTimeException e) {
            v.add(f + ".default_time_zone", "must be an IANA time zone, e.g. Europe/Paris; got '" + w.timeZone() + "'");
        }
    }
}
