package io.crowsnest.profile.mapping;

import java.util.Comparator;
import java.util.Map;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Money;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.json.JsonValues;
import io.crowsnest.profile.client.ProtoValues;
import io.crowsnest.profile.domain.Activity;
import io.crowsnest.profile.domain.Answer;
import io.crowsnest.profile.domain.ChannelActivity;
import io.crowsnest.profile.domain.Fact;
import io.crowsnest.profile.domain.MaskedIdentifier;
import io.crowsnest.profile.domain.PersonRef;
import io.crowsnest.profile.service.ProfileView;
import io.crowsnest.profile.store.HistoryStore;
import io.crowsnest.profile.store.StoredEvent;
import io.crowsnest.profile.v1.AttributeChange;
import io.crowsnest.profile.v1.AttributeChangeCause;
import io.crowsnest.profile.v1.ChannelSummary;
import io.crowsnest.profile.v1.DivisionRelationship;
import io.crowsnest.profile.v1.Event;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ProductHolding;
import io.crowsnest.profile.v1.Profile;

/** Profile's records and the use cases' answers to the contract's messages, and the contract's person references to records. */
public final class ProfileMapping {

    private ProfileMapping() {
    }

    /** A checked person reference. */
    public static PersonRef person(io.crowsnest.common.v1.PersonRef ref) {
        return ref.hasIdentifier()
                ? PersonRef.identifier(new PersonRef.Identifier(ref.getIdentifier().getType(),
                        ref.getIdentifier().getValue(), ref.getIdentifier().getNamespace()))
                : PersonRef.id(ref.getPersonId());
    }

    /** The profile as GetProfile (and the export) shows it. */
    public static Profile profile(ProfileView view) {
        Profile.Builder profile = Profile.newBuilder().setPersonId(view.personId())
                .addAllMergedPersonIds(view.mergedPersonIds());
        profile.setAttributes(AttributeMapping.attributes(view.attributes()));
        view.attributes().forEach((path, fact) -> profile.putAttributeProvenance(path, AttributeMapping.provenance(fact)));
        view.products().stream().map(ProfileMapping::product)
                .sorted(Comparator.comparing((ProductHolding p) -> p.hasAcquiredAt() ? -p.getAcquiredAt().getSeconds()
                        : Long.MAX_VALUE).thenComparing(ProductHolding::getProductId))
                .forEach(profile::addProducts);
        view.relationships().stream().map(ProfileMapping::relationship).forEach(profile::addRelationships);
        activity(profile, view.activity(), view.recentByChannel());
        view.answers().stream().map(ProfileMapping::answer).forEach(profile::addAnswers);
        view.recentEvents().forEach(e -> profile.addRecentEvents(event(e, view.personId())));
        if (view.createdAt() != null) {
            profile.setCreatedAt(Timestamps.of(view.createdAt()));
        }
        if (view.updatedAt() != null) {
            profile.setUpdatedAt(Timestamps.of(view.updatedAt()));
        }
        view.identifiers().forEach(id -> profile.addIdentifiers(masked(id)));
        return profile.build();
    }

    private static void activity(Profile.Builder profile, Activity activity, Map<String, Long> recent) {
        activity.lifetimeValue().entrySet().stream().map(ProfileMapping::money).forEach(profile::addLifetimeValue);
        if (activity.firstSeen() != null) {
            profile.setFirstSeenAt(Timestamps.of(activity.firstSeen()));
            profile.setLastSeenAt(Timestamps.of(activity.lastSeen()));
        }
        activity.channels().entrySet().stream()
                .sorted(Comparator.comparing(e -> Channel.valueOf(e.getKey()).getNumber()))
                .forEach(e -> profile.addChannelSummaries(channel(e.getKey(), e.getValue(),
                        recent.getOrDefault(e.getKey(), 0L))));
    }

    public static io.crowsnest.common.v1.MaskedIdentifier masked(MaskedIdentifier id) {
        return io.crowsnest.common.v1.MaskedIdentifier.newBuilder().setType(id.type())
                .setMaskedValue(id.maskedValue()).setNamespace(id.namespace()).build();
    }

    /** A stored event as the person holding it now sees it. */
    public static Event event(StoredEvent stored, String root) {
        return StoredEvents.event(stored.event()).toBuilder().setPersonId(root).build();
    }

    public static ProductHolding product(Fact fact) {
        return ProtoValues.message(fact.value(), ProductHolding.newBuilder()).build();
    }

    public static DivisionRelationship relationship(Fact fact) {
        return ProtoValues.message(fact.value(), DivisionRelationship.newBuilder()).build();
    }

    public static io.crowsnest.profile.v1.Answer answer(Answer answer) {
        return io.crowsnest.profile.v1.Answer.newBuilder().setAnswerId(answer.id()).setQuestionId(answer.questionId())
                .setAnswer(JsonValues.PLAIN.value(answer.value())).setAnsweredAt(Timestamps.of(answer.answeredAt()))
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

    /** A stored history entry as the contract shows it. */
    public static AttributeChange change(HistoryStore.Entry e) {
        return AttributeChange.newBuilder().setChangeId(e.id()).setPath(e.path()).setOldValue(JsonValues.PLAIN.value(e.oldValue()))
                .setNewValue(JsonValues.PLAIN.value(e.newValue())).setApplied(e.applied())
                .setObservedAt(Timestamps.of(e.observedAt())).setRecordedAt(Timestamps.of(e.recordedAt()))
                .setSource(e.source()).setAgentId(e.agentId())
                .setCause(AttributeChangeCause.valueOf("ATTRIBUTE_CHANGE_CAUSE_" + e.cause())).setMergeId(e.mergeId())
                .build();
    }
}
