package io.crowsnest.profile.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.domain.Activity;
import io.crowsnest.profile.domain.Answer;
import io.crowsnest.profile.domain.Fact;
import io.crowsnest.profile.domain.Facts;
import io.crowsnest.profile.store.EventStore;
import io.crowsnest.profile.store.Person;
import io.crowsnest.profile.store.PersonStore;
import io.crowsnest.profile.v1.ProductHolding;
import io.crowsnest.profile.v1.Profile;

/**
 * The 360 view of a person, combined from the documents of its members (itself and every person
 * merged into it): the newest fact per attribute, product and relationship, activity summed, every
 * answer, the most recent events. Identifiers come from identity and are the caller's to add.
 */
@ApplicationScoped
public class ProfileViews {

    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    @Inject
    PersonStore persons;
    @Inject
    EventStore events;

    /** The members' stored documents (those that exist). */
    List<Person> records(Persons.Who who) {
        return persons.findAll(who.members());
    }

    Profile.Builder view(Persons.Who who, List<Person> records, int recentEvents, Instant now) {
        Profile.Builder profile = Profile.newBuilder().setPersonId(who.root())
                .addAllMergedPersonIds(who.members().subList(1, who.members().size()).stream().sorted().toList());
        Map<String, Fact> attributes = current(records, Person::attributes);
        profile.setAttributes(AttributeMapping.attributes(attributes));
        attributes.forEach((path, fact) -> profile.putAttributeProvenance(path, AttributeMapping.provenance(fact)));
        current(records, Person::products).values().stream().map(ProfileMessages::product)
                .sorted(Comparator.comparing((ProductHolding p) -> p.hasAcquiredAt() ? -p.getAcquiredAt().getSeconds()
                        : Long.MAX_VALUE).thenComparing(ProductHolding::getProductId))
                .forEach(profile::addProducts);
        current(records, Person::relationships).values().stream().map(ProfileMessages::relationship)
                .forEach(profile::addRelationships);
        activity(profile, Activity.combine(records.stream().map(Person::activity).toList()), who, now);
        records.stream().flatMap(p -> p.answers().stream())
                .sorted(Comparator.comparing(Answer::answeredAt).thenComparing(Answer::recordedAt).reversed())
                .map(ProfileMessages::answer).forEach(profile::addAnswers);
        if (recentEvents > 0) {
            events.page(EventStore.Query.all(who.members()), null, recentEvents)
                    .forEach(e -> profile.addRecentEvents(ProfileMessages.event(e, who.root())));
        }
        records.stream().map(Person::createdAt).filter(Objects::nonNull).min(Comparator.naturalOrder())
                .ifPresent(at -> profile.setCreatedAt(Timestamps.of(at)));
        records.stream().map(Person::updatedAt).filter(Objects::nonNull).max(Comparator.naturalOrder())
                .ifPresent(at -> profile.setUpdatedAt(Timestamps.of(at)));
        return profile;
    }

    /** The current value per key over the members, cleared keys left out. */
    static Map<String, Fact> current(List<Person> records, Function<Person, Map<String, Fact>> facts) {
        return Facts.present(Facts.current(records.stream().map(facts).toList()));
    }

    private void activity(Profile.Builder profile, Activity activity, Persons.Who who, Instant now) {
        activity.lifetimeValue().entrySet().stream().map(ProfileMessages::money).forEach(profile::addLifetimeValue);
        if (activity.firstSeen() != null) {
            profile.setFirstSeenAt(Timestamps.of(activity.firstSeen()));
            profile.setLastSeenAt(Timestamps.of(activity.lastSeen()));
        }
        if (activity.channels().isEmpty()) {
            return;
        }
        Map<String, Long> recent = events.countByChannelSince(who.members(), now.minus(THIRTY_DAYS));
        activity.channels().entrySet().stream()
                .sorted(Comparator.comparing(e -> Channel.valueOf(e.getKey()).getNumber()))
                .forEach(e -> profile.addChannelSummaries(ProfileMessages.channel(e.getKey(), e.getValue(),
                        recent.getOrDefault(e.getKey(), 0L))));
    }
}
