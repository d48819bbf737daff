package io.crowsnest.decisioning.campaigns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.AlertSeverity;
import io.crowsnest.alertnotification.v1.CampaignBriefing;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.decisioning.client.AlertClient;
import io.crowsnest.decisioning.client.ScoringClient;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignDefinition;
import io.crowsnest.decisioning.domain.CampaignStatus;
import io.crowsnest.decisioning.store.CampaignStore;
import io.crowsnest.platform.grpc.Timestamps;

/**
 * Starts the campaigns whose start has come: the briefing goes to every briefing team first (one
 * alert each, idempotent per campaign and team, so any instance may do it and a retry sends
 * nothing twice), and only then does the campaign become RUNNING, which is what lets the runner
 * contact anyone. A campaign whose end has passed is completed.
 */
@ApplicationScoped
public class CampaignStarter {

    @Inject
    CampaignStore campaigns;
    @Inject
    AlertClient alerts;
    @Inject
    ScoringClient scoring;
    @Inject
    Clock clock;

    /** Starts every due SCHEDULED campaign; a campaign whose briefing cannot be sent now waits. */
    public void startDue() {
        Instant now = clock.instant();
        for (Campaign c : campaigns.withStatus(List.of(CampaignStatus.SCHEDULED))) {
            if (c.definition().startAt().isAfter(now)) {
                continue;
            }
            try {
                List<String> briefed = brief(c, now);
                campaigns.started(c.id(), briefed, now);
            } catch (PeerDown e) {
                campaigns.waiting(c.id(), "briefing not sent yet: " + e.getMessage() + " at " + now
                        + "; the campaign starts once the briefing is delivered");
            }
        }
        for (Campaign c : campaigns.withStatus(List.of(CampaignStatus.RUNNING, CampaignStatus.PAUSED))) {
            Instant end = c.definition().endAt();
            if (end != null && !end.isAfter(now)) {
                campaigns.transition(c.id(), List.of(CampaignStatus.RUNNING, CampaignStatus.PAUSED),
                        CampaignStatus.COMPLETED, null, now);
            }
        }
    }

    private List<String> brief(Campaign c, Instant now) {
        CampaignDefinition d = c.definition();
        List<String> briefed = new ArrayList<>();
        if (d.briefingTeamIds().isEmpty()) {
            return briefed;
        }
        long audience = PeerDown.call("scoring", () -> scoring.segment(d.segmentId())).getSize().getMemberCount();
        Instant end = d.endAt() != null ? d.endAt() : now.plus(Duration.ofDays(Math.max(1, d.attributionDays())));
        CampaignBriefing.Builder b = CampaignBriefing.newBuilder().setCampaignName(clip(d.name(), 200))
                .setAudienceSize(Math.max(1, audience))
                .setAudienceDescription(clip("members of segment '" + d.segmentId() + "'", 500))
                .setOffer(clip(d.description().isBlank() ? d.name() : d.description(), 1000))
                .setStartsAt(Timestamps.of(now)).setEndsAt(Timestamps.of(end.isAfter(now) ? end : now.plusSeconds(3600)))
                .addTalkingPoints(clip(d.briefing(), 500)).setHowToRespond(clip(d.briefing(), 2000));
        d.channels().forEach(ch -> b.addChannels(Channel.valueOf("CHANNEL_" + ch)));
        for (String team : d.briefingTeamIds()) {
            PublishAlertRequest request = PublishAlertRequest.newBuilder()
                    .setRecipient(AlertRecipient.newBuilder().setTeamId(team))
                    .setKind(AlertKind.ALERT_KIND_CAMPAIGN_BRIEFING).setSeverity(AlertSeverity.ALERT_SEVERITY_INFO)
                    .setTitle(clip("Campaign starting: " + d.name(), 120)).setBody(clip(d.briefing(), 4000))
                    .setReason(Reason.newBuilder().setCode("CAMPAIGN_STARTING").setMessage("campaign " + c.id()
                            + " of division " + d.division() + " starts contacting " + audience + " persons"))
                    .setDivision(DivisionRef.newBuilder().setId(d.division())).setCampaignId(c.id())
                    .setSource("decisioning").setIdempotencyKey("cmp:" + c.id() + ":briefing:" + team)
                    .setBriefing(b).build();
            PeerDown.call("alert-notification", () -> alerts.publish(request));
            briefed.add(team);
        }
        return briefed;
    }

    static String clip(String s, int max) {
        String t = s == null || s.isBlank() ? "-" : s;
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }
}
