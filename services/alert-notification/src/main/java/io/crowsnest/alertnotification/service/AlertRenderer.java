package io.crowsnest.alertnotification.service;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.domain.Briefing;
import io.crowsnest.alertnotification.domain.Reason;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;

/**
 * Renders an alert's body from Qute templates (templates/alerts/) with the facts that justify it:
 * the publisher's details, the reason with its figures, and for a campaign briefing its document
 * (campaign, dates, channels, audience, offer, talking points, questions and answers, how to respond).
 */
@ApplicationScoped
public class AlertRenderer {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Inject
    @Location("alerts/alert.txt")
    Template alert;
    @Inject
    @Location("alerts/briefing.txt")
    Template briefing;

    /** The body of an alert other than a briefing. */
    public String render(String body, Reason reason, String personId) {
        return alert.data("body", body).data("reason", reason.message().isEmpty() ? reason.code() : reason.message())
                .data("person", personId == null ? "" : personId).render().strip();
    }

    /** The body of a campaign briefing: its document in words. */
    public String renderBriefing(String body, Reason reason, String campaignId, Briefing b) {
        return briefing.data("body", body).data("name", b.campaignName()).data("campaign", campaignId)
                .data("starts", DAY.format(b.startsAt())).data("ends", DAY.format(b.endsAt()))
                .data("channels", b.channels().stream().map(AlertRenderer::channel).collect(Collectors.joining(", ")))
                .data("audienceSize", String.format(Locale.ROOT, "%,d", b.audienceSize()))
                .data("audience", b.audienceDescription()).data("offer", b.offer())
                .data("points", b.talkingPoints()).data("questions", b.likelyQuestions().stream()
                        .map(q -> "Q: " + q.question() + "\nA: " + q.answer()).toList())
                .data("respond", b.howToRespond())
                .data("reason", reason.message().isEmpty() ? reason.code() : reason.message()).render().strip();
    }

    private static String channel(String name) {
        String c = name.replace("CHANNEL_", "").replace('_', ' ').toLowerCase(Locale.ROOT);
        return c.equals("sms") ? "SMS" : c;
    }
}
