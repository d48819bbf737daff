package io.crowsnest.alertnotification.domain;

import static io.crowsnest.alertnotification.domain.Fields.text;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What makes an alert publishable, checked in the order of the request's fields: a recipient, a
 * kind and severity, texts within their limits, a reason, safe links, an expiry within the allowed
 * horizon, a division the governance policy knows, and the briefing a campaign briefing needs. A
 * kind or severity left unset is null in the draft, as are a missing recipient and reason.
 */
public final class PublishRules {

    private PublishRules() {
    }

    /** The recipient; an account manager is found from the alert's person, so one must be given. */
    public static void recipient(Fields.Problems p, Recipient r, boolean personGiven) {
        if (r instanceof Recipient.Agent a) {
            Fields.id(p, "recipient.agent_id", a.agentId());
        } else if (r instanceof Recipient.Team t) {
            Fields.id(p, "recipient.team_id", t.teamId());
        } else if (r instanceof Recipient.AccountManager m) {
            if (!personGiven) {
                p.add("person", "required for an account manager recipient");
            }
            Fields.optionalId(p, "recipient.account_manager.fallback_team_id", m.fallbackTeamId());
        } else {
            p.add("recipient", "required: agent_id, team_id or account_manager");
        }
    }

    /** Everything from the kind to the source; {@code divisionGiven} says whether a division was named. */
    public static void content(Fields.Problems p, AlertDraft d, boolean divisionGiven, Instant now, Duration maxExpiry,
            Optional<List<String>> divisions) {
        if (d.kind() == null) {
            p.add("kind", "required");
        }
        if (d.severity() == null) {
            p.add("severity", "required");
        }
        text(p, "title", d.title(), 1, 120);
        text(p, "body", d.body(), 0, 4000);
        Fields.reason(p, "reason", d.reason(), true);
        links(p, d.links());
        if (d.expiresAt() != null) {
            if (!d.expiresAt().isAfter(now)) {
                p.add("expires_at", "must be after now");
            } else if (d.expiresAt().isAfter(now.plus(maxExpiry))) {
                p.add("expires_at", "at most " + maxExpiry.toDays() + " days ahead");
            }
        }
        if (divisionGiven) {
            String division = d.divisionId();
            if (!Fields.DIVISION.matcher(division).matches()) {
                p.add("division.id", "must match [a-z0-9][a-z0-9-]{0,63}");
            } else if (divisions.map(known -> !known.contains(division)).orElse(false)) {
                p.add("division.id", "unknown to the governance policy");
            }
        }
        text(p, "campaign_id", d.campaignId(), 0, 64);
        Fields.system(p, "source", d.source());
    }

    /** A campaign briefing names its campaign and carries its briefing; no other kind carries one. */
    public static void briefing(Fields.Problems p, AlertDraft d) {
        if (d.kind() == AlertKind.CAMPAIGN_BRIEFING) {
            if (d.campaignId().isEmpty()) {
                p.add("campaign_id", "required for a campaign briefing");
            }
            BriefingRules.check(p, d.briefing());
        } else if (d.briefing() != null) {
            p.add("briefing", "only for ALERT_KIND_CAMPAIGN_BRIEFING");
        }
    }

    private static void links(Fields.Problems p, List<Link> links) {
        if (links.size() > 10) {
            p.add("links", "at most 10 links");
        }
        for (int i = 0; i < links.size(); i++) {
            text(p, "links[" + i + "].label", links.get(i).label(), 1, 100);
            if (!safeUrl(links.get(i).url())) {
                p.add("links[" + i + "].url", "an https URL or a path starting with \"/\", up to 2,048 characters");
            }
        }
    }

    /** An https URL with a host, or a path of this site (not "//host"), up to 2,048 characters. */
    static boolean safeUrl(String url) {
        if (url.isEmpty() || url.length() > 2048) {
            return false;
        }
        if (url.startsWith("/")) {
            return !url.startsWith("//");
        }
        try {
            URI uri = URI.create(url);
            return "https".equals(uri.getScheme()) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
