package io.crowsnest.alertnotification.store;

import java.util.Date;
import java.util.List;

import org.bson.Document;

import io.crowsnest.alertnotification.domain.Alert;
import io.crowsnest.alertnotification.domain.AlertKind;
import io.crowsnest.alertnotification.domain.AlertState;
import io.crowsnest.alertnotification.domain.Briefing;
import io.crowsnest.alertnotification.domain.Inbox;
import io.crowsnest.alertnotification.domain.Link;
import io.crowsnest.alertnotification.domain.Reason;
import io.crowsnest.alertnotification.domain.Recipient;
import io.crowsnest.alertnotification.domain.Severity;

/** Alert records to and from their MongoDB documents. */
final class AlertDocuments {

    private AlertDocuments() {
    }

    static Document toDocument(Alert a) {
        return new Document("_id", a.id()).append("offset", a.offset()).append("recipient", recipient(a.recipient()))
                .append("inbox", a.inbox().key()).append("personId", a.personId()).append("kind", a.kind().name())
                .append("severity", a.severity().name()).append("title", a.title()).append("body", a.body())
                .append("reasonCode", a.reason().code()).append("reasonMessage", a.reason().message())
                .append("links", a.links().stream().map(l -> new Document("label", l.label()).append("url", l.url()))
                        .toList())
                .append("divisionId", a.divisionId()).append("campaignId", a.campaignId())
                .append("source", a.source()).append("publishedAt", Dates.of(a.publishedAt()))
                .append("expiresAt", Dates.of(a.expiresAt())).append("state", a.state().name())
                .append("readAt", Dates.of(a.readAt())).append("readBy", a.readBy())
                .append("acknowledgedAt", Dates.of(a.acknowledgedAt())).append("acknowledgedBy", a.acknowledgedBy())
                .append("acknowledgementNote", a.acknowledgementNote())
                .append("briefing", a.briefing() == null ? null : BriefingDocuments.toDocument(a.briefing()))
                .append("acks", a.acknowledgements().stream().map(k -> new Document("agentId", k.agentId())
                        .append("at", Dates.of(k.at())).append("note", k.note())).toList())
                .append("version", a.version());
    }

    static Alert fromDocument(Document d) {
        List<Link> links = d.getList("links", Document.class).stream()
                .map(l -> new Link(l.getString("label"), l.getString("url"))).toList();
        List<Briefing.Acknowledgement> acks = d.getList("acks", Document.class).stream()
                .map(k -> new Briefing.Acknowledgement(k.getString("agentId"), Dates.instant(k.getDate("at")),
                        k.getString("note")))
                .toList();
        Document briefing = d.get("briefing", Document.class);
        return new Alert(d.getString("_id"), d.get("offset", Number.class).longValue(),
                recipient(d.get("recipient", Document.class)), Inbox.ofKey(d.getString("inbox")),
                d.getString("personId"), AlertKind.valueOf(d.getString("kind")),
                Severity.valueOf(d.getString("severity")), d.getString("title"), d.getString("body"),
                new Reason(d.getString("reasonCode"), d.getString("reasonMessage")), links, d.getString("divisionId"),
                d.getString("campaignId"), d.getString("source"), Dates.instant(d.getDate("publishedAt")),
                Dates.instant(d.getDate("expiresAt")), AlertState.valueOf(d.getString("state")),
                Dates.instant(d.getDate("readAt")), d.getString("readBy"), Dates.instant(d.getDate("acknowledgedAt")),
                d.getString("acknowledgedBy"), d.getString("acknowledgementNote"),
                briefing == null ? null : BriefingDocuments.fromDocument(briefing), acks,
                d.get("version", Number.class).longValue());
    }

    private static Document recipient(Recipient r) {
        if (r instanceof Recipient.Agent a) {
            return new Document("agentId", a.agentId());
        }
        if (r instanceof Recipient.Team t) {
            return new Document("teamId", t.teamId());
        }
        return new Document("accountManagerFallbackTeamId", ((Recipient.AccountManager) r).fallbackTeamId());
    }

    private static Recipient recipient(Document d) {
        if (d.containsKey("agentId")) {
            return new Recipient.Agent(d.getString("agentId"));
        }
        if (d.containsKey("teamId")) {
            return new Recipient.Team(d.getString("teamId"));
        }
        return new Recipient.AccountManager(d.getString("accountManagerFallbackTeamId"));
    }

}
