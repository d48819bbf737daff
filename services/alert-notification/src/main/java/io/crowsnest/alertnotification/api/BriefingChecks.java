package io.crowsnest.alertnotification.api;

import io.crowsnest.alertnotification.v1.BriefingQuestion;
import io.crowsnest.alertnotification.v1.CampaignBriefing;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.platform.grpc.GrpcErrors.Violations;
import io.crowsnest.platform.grpc.Timestamps;

/** The required fields of a campaign briefing's alert document. */
final class BriefingChecks {

    private BriefingChecks() {
    }

    static void check(Violations v, boolean present, CampaignBriefing b) {
        if (!present) {
            v.add("briefing", "required for a campaign briefing");
            return;
        }
        Checks.text(v, "briefing.campaign_name", b.getCampaignName(), 1, 200);
        if (b.getAudienceSize() < 1 || b.getAudienceSize() > 1_000_000_000L) {
            v.add("briefing.audience_size", "1 to 1,000,000,000");
        }
        Checks.text(v, "briefing.audience_description", b.getAudienceDescription(), 1, 500);
        Checks.text(v, "briefing.offer", b.getOffer(), 1, 1000);
        if (b.getChannelsCount() < 1 || b.getChannelsCount() > 11) {
            v.add("briefing.channels", "1 to 11 channels");
        }
        for (int i = 0; i < b.getChannelsCount(); i++) {
            Channel c = b.getChannels(i);
            if (c == Channel.CHANNEL_UNSPECIFIED || c == Channel.UNRECOGNIZED) {
                v.add("briefing.channels[" + i + "]", "unspecified");
            }
        }
        if (!b.hasStartsAt()) {
            v.add("briefing.starts_at", "required");
        }
        if (!b.hasEndsAt()) {
            v.add("briefing.ends_at", "required");
        } else if (b.hasStartsAt()
                && !Timestamps.instant(b.getEndsAt()).isAfter(Timestamps.instant(b.getStartsAt()))) {
            v.add("briefing.ends_at", "must be after starts_at");
        }
        if (b.getTalkingPointsCount() < 1 || b.getTalkingPointsCount() > 20) {
            v.add("briefing.talking_points", "1 to 20 talking points");
        }
        for (int i = 0; i < b.getTalkingPointsCount(); i++) {
            Checks.text(v, "briefing.talking_points[" + i + "]", b.getTalkingPoints(i), 1, 500);
        }
        if (b.getLikelyQuestionsCount() > 20) {
            v.add("briefing.likely_questions", "at most 20");
        }
        for (int i = 0; i < b.getLikelyQuestionsCount(); i++) {
            BriefingQuestion q = b.getLikelyQuestions(i);
            Checks.text(v, "briefing.likely_questions[" + i + "].question", q.getQuestion(), 1, 500);
            Checks.text(v, "briefing.likely_questions[" + i + "].answer", q.getAnswer(), 1, 2000);
        }
        Checks.text(v, "briefing.how_to_respond", b.getHowToRespond(), 1, 2000);
    }
}
