package io.crowsnest.alertnotification.domain;

import static io.crowsnest.alertnotification.domain.Fields.text;

/** What a campaign briefing's alert document needs (paths under "briefing", as in the request). */
public final class BriefingRules {

    private BriefingRules() {
    }

    /** Checks a briefing (null when none was given; its instants null when not given). */
    public static void check(Fields.Problems p, Briefing b) {
        if (b == null) {
            p.add("briefing", "required for a campaign briefing");
            return;
        }
        text(p, "briefing.campaign_name", b.campaignName(), 1, 200);
        if (b.audienceSize() < 1 || b.audienceSize() > 1_000_000_000L) {
            p.add("briefing.audience_size", "1 to 1,000,000,000");
        }
        text(p, "briefing.audience_description", b.audienceDescription(), 1, 500);
        text(p, "briefing.offer", b.offer(), 1, 1000);
        if (b.channels().isEmpty() || b.channels().size() > 11) {
            p.add("briefing.channels", "1 to 11 channels");
        }
        for (int i = 0; i < b.channels().size(); i++) {
            String c = b.channels().get(i);
            if (c.equals("CHANNEL_UNSPECIFIED") || c.equals("UNRECOGNIZED")) {
                p.add("briefing.channels[" + i + "]", "unspecified");
            }
        }
        if (b.startsAt() == null) {
            p.add("briefing.starts_at", "required");
        }
        if (b.endsAt() == null) {
            p.add("briefing.ends_at", "required");
        } else if (b.startsAt() != null && !b.endsAt().isAfter(b.startsAt())) {
            p.add("briefing.ends_at", "must be after starts_at");
        }
        if (b.talkingPoints().isEmpty() || b.talkingPoints().size() > 20) {
            p.add("briefing.talking_points", "1 to 20 talking points");
        }
        for (int i = 0; i < b.talkingPoints().size(); i++) {
            text(p, "briefing.talking_points[" + i + "]", b.talkingPoints().get(i), 1, 500);
        }
        if (b.likelyQuestions().size() > 20) {
            p.add("briefing.likely_questions", "at most 20");
        }
        for (int i = 0; i < b.likelyQuestions().size(); i++) {
            Briefing.Question q = b.likelyQuestions().get(i);
            text(p, "briefing.likely_questions[" + i + "].question", q.question(), 1, 500);
            text(p, "briefing.likely_questions[" + i + "].answer", q.answer(), 1, 2000);
        }
        text(p, "briefing.how_to_respond", b.howToRespond(), 1, 2000);
    }
}
