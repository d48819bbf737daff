package io.crowsnest.alertnotification.mapping;

import io.crowsnest.alertnotification.domain.Briefing;
import io.crowsnest.alertnotification.v1.BriefingQuestion;
import io.crowsnest.alertnotification.v1.CampaignBriefing;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.platform.grpc.Timestamps;

/** Campaign briefing documents between the contract and the domain. */
public final class BriefingMessages {

    private BriefingMessages() {
    }

    public static CampaignBriefing toProto(Briefing b) {
        var out = CampaignBriefing.newBuilder().setCampaignName(b.campaignName()).setAudienceSize(b.audienceSize())
                .setAudienceDescription(b.audienceDescription()).setOffer(b.offer())
                .setStartsAt(Timestamps.of(b.startsAt())).setEndsAt(Timestamps.of(b.endsAt()))
                .addAllTalkingPoints(b.talkingPoints()).setHowToRespond(b.howToRespond());
        b.channels().forEach(c -> out.addChannels(Channel.valueOf(c)));
        b.likelyQuestions().forEach(q -> out.addLikelyQuestions(
                BriefingQuestion.newBuilder().setQuestion(q.question()).setAnswer(q.answer())));
        return out.build();
    }

    public static Briefing toDomain(CampaignBriefing b) {
        return new Briefing(b.getCampaignName(), b.getAudienceSize(), b.getAudienceDescription(), b.getOffer(),
                b.getChannelsList().stream().map(Enum::name).toList(),
                b.hasStartsAt() ? Timestamps.instant(b.getStartsAt()) : null,
                b.hasEndsAt() ? Timestamps.instant(b.getEndsAt()) : null, b.getTalkingPointsList(),
                b.getLikelyQuestionsList().stream()
                        .map(q -> new Briefing.Question(q.getQuestion(), q.getAnswer())).toList(),
                b.getHowToRespond());
    }
}
