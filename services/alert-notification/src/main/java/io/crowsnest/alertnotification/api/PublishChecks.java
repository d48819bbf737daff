package io.crowsnest.alertnotification.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.config.AlertsConfig;
import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertLink;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.AlertSeverity;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.platform.grpc.GrpcErrors.Violations;
import io.crowsnest.platform.grpc.Timestamps;

/** The checks of PublishAlertRequest, every bad field reported at once. */
@ApplicationScoped
class PublishChecks {

    @Inject
    AlertsConfig config;

    void check(PublishAlertRequest r, Instant now) {
        Violations v = new Violations();
        recipient(v, r);
        boolean briefing = r.getKind() == AlertKind.ALERT_KIND_CAMPAIGN_BRIEFING;
        if (r.hasPerson() || !briefing) {
            Checks.person(v, "person", r.hasPerson(), r.getPerson());
        }
        if (r.getKind() == AlertKind.ALERT_KIND_UNSPECIFIED || r.getKind() == AlertKind.UNRECOGNIZED) {
            v.add("kind", "required");
        }
        if (r.getSeverity() == AlertSeverity.ALERT_SEVERITY_UNSPECIFIED
                || r.getSeverity() == AlertSeverity.UNRECOGNIZED) {
            v.add("severity", "required");
        }
        Checks.text(v, "title", r.getTitle(), 1, 120);
        Checks.text(v, "body", r.getBody(), 0, 4000);
        Checks.reason(v, "reason", r.hasReason(), r.getReason(), true);
        links(v, r.getLinksList());
        if (r.hasExpiresAt()) {
            Instant expires = Timestamps.instant(r.getExpiresAt());
            if (!expires.isAfter(now)) {
                v.add("expires_at", "must be after now");
            } else if (expires.isAfter(now.plus(config.maxExpiry()))) {
                v.add("expires_at", "at most " + config.maxExpiry().toDays() + " days ahead");
            }
        }
        if (r.hasDivision()) {
            String division = r.getDivision().getId();
            if (!Checks.DIVISION.matcher(division).matches()) {
                v.add("division.id", "must match [a-z0-9][a-z0-9-]{0,63}");
            } else if (config.divisions().map(d -> !d.contains(division)).orElse(false)) {
                v.add("division.id", "unknown to the governance policy");
            }
        }
        Checks.text(v, "campaign_id", r.getCampaignId(), 0, 64);
        Checks.system(v, "source", r.getSource());
        Checks.idempotencyKey(v, r.getIdempotencyKey());
        if (briefing) {
            if (r.getCampaignId().isEmpty()) {
                v.add("campaign_id", "required for a campaign briefing");
            }
            BriefingChecks.check(v, r.hasBriefing(), r.getBriefing());
        } else if (r.hasBriefing()) {
            v.add("briefing", "only for ALERT_KIND_CAMPAIGN_BRIEFING");
        }
        v.throwIfAny();
    }

    private static void recipient(Violations v, PublishAlertRequest r) {
        AlertRecipient recipient = r.getRecipient();
        switch (recipient.getTargetCase()) {
            case AGENT_ID -> Checks.id(v, "recipient.agent_id", recipient.getAgentId());
            case TEAM_ID -> Checks.id(v, "recipient.team_id", recipient.getTeamId());
            case ACCOUNT_MANAGER -> {
                if (!r.hasPerson()) {
                    v.add("person", "required for an account manager recipient");
                }
                Checks.optionalId(v, "recipient.account_manager.fallback_team_id",
                        recipient.getAccountManager().getFallbackTeamId());
            }
            default -> v.add("recipient", "required: agent_id, team_id or account_manager");
        }
    }

    private static void links(Violations v, List<AlertLink> links) {
        if (links.size() > 10) {
            v.add("links", "at most 10 links");
        }
        for (int i = 0; i < links.size(); i++) {
            AlertLink link = links.get(i);
            Checks.text(v, "links[" + i + "].label", link.getLabel(), 1, 100);
            if (!validUrl(link.getUrl())) {
                v.add("links[" + i + "].url", "an https URL or a path starting with \"/\", up to 2,048 characters");
            }
        }
    }

    private static boolean validUrl(String url) {
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
