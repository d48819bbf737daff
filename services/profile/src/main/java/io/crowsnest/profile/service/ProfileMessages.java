package io.crowsnest.profile.service;

import java.util.Map;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Money;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.domain.Answer;
import io.crowsnest.profile.domain.ChannelActivity;
import io.crowsnest.profile.domain.Fact;
import io.crowsnest.profile.store.StoredEvent;
import io.crowsnest.profile.v1.ChannelSummary;
import io.crowsnest.profile.v1.DivisionRelationship;
import io.crowsnest.profile.v1.Event;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ProductHolding;

/** Stored and domain values to contract messages. */
public final class ProfileMessages {

    private ProfileMessages() {
    }

    /** A stored event as the person holding it now sees it. */
    public static Event event(StoredEvent stored, String root) {
        return stored.event().toBuilder().setPersonId(root).build();
    }

    public static ProductHolding product(Fact fact) {
        return Values.message(fact.value(), ProductHolding.newBuilder()).build();
    }

    public static DivisionRelationship relationship(Fact fact) {
        return Values.message(fact.value(), DivisionRelationship.newBuilder()).build();
    }

    public static io.crowsnest.profile.v1.Answer answer(Answer answer) {
        return io.crowsnest.profile.v1.Answer.newBuilder().setAnswerId(answer.id()).setQuestionId(answer.questionId())
                .setAnswer(Values.value(answer.value())).setAnsweredAt(Timestamps.of(answer.answeredAt()))
                .setChannel(Channel.valueOf(answer.channel())).setSource(answer.source()).setAgentId(answer.agentId())
                .setRecordedAt(Timestamps.of(answer.recordedAt())).build();
    }

    public static ChannelSummary channel(String channel, ChannelActivity activity, long lastThirtyDays) {
        return ChannelSummary.newBuilder().setChannel(Channel.valueOf(channel))
                .setFirstInteractionAt(Timestamps.of(activity.first()))
                .setLastInteractionAt(Timestamps.of(activity.last()))
                .setLastEventType(EventType.valueOf(activity.lastEventType())).setEventCount(activity.count())
                .setEventCountLast30Days(lastThirtyDays).build();
    }

    public static Money money(Map.Entry<String, Long> value) {
        return Money.newBuilder().setCurrencyCode(value.getKey()).setAmountMinor(value.getValue()).build();
    }
}
