package io.crowsnest.alertnotification.store;

import org.bson.Document;

import io.crowsnest.alertnotification.domain.Briefing;

/** Campaign briefing documents to and from MongoDB. */
final class BriefingDocuments {

    private BriefingDocuments() {
    }

    static Document toDocument(Briefing b) {
        return new Document("campaignName", b.campaignName()).append("audienceSize", b.audienceSize())
                .append("audienceDescription", b.audienceDescription()).append("offer", b.offer())
                .append("channels", b.channels()).append("startsAt", Dates.of(b.startsAt()))
                .append("endsAt", Dates.of(b.endsAt())).append("talkingPoints", b.talkingPoints())
                .append("questions", b.likelyQuestions().stream()
                        .map(q -> new Document("q", q.question()).append("a", q.answer())).toList())
                .append("howToRespond", b.howToRespond());
    }

    static Briefing fromDocument(Document d) {
        return new Briefing(d.getString("campaignName"), d.get("audienceSize", Number.class).longValue(),
                d.getString("audienceDescription"), d.getString("offer"), d.getList("channels", String.class),
                Dates.instant(d.getDate("startsAt")), Dates.instant(d.getDate("endsAt")),
                d.getList("talkingPoints", String.class),
                d.getList("questions", Document.class).stream()
                        .map(q -> new Briefing.Question(q.getString("q"), q.getString("a"))).toList(),
                d.getString("howToRespond"));
    }
}
