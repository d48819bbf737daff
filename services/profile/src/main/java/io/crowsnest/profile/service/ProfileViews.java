package io.crowsnest.profile.service;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.profile.domain.Activity;
import io.crowsnest.profile.domain.Answer;
import io.crowsnest.profile.domain.Fact;
import io.crowsnest.profile.domain.Facts;
import io.crowsnest.profile.store.ActivityIndex;
import io.crowsnest.profile.store.Person;
import io.crowsnest.profile.store.PersonStore;

/**
 * The 360 view of a person, combined from the documents of its members (itself and every person
 * merged into it): the newest fact per attribute, product and relationship, activity summed, every
 * answer, the most recent events (from the members' documents, see ActivityWindows). Identifiers come from identity and are the caller's to add.
 */
@ApplicationScoped
public class ProfileViews {

    @Inject
    PersonStore persons;
    @Inject
    ActivityWindows windows;

    /** The members' stored documents (those that exist). */
    List<Person> records(Persons.Who who) {
        return persons.findAll(who.members());
    }

    ProfileView view(Persons.Who who, List<Person> records, int recentEvents, Instant now) {
        Activity activity = Activity.combine(records.stream().map(Person::activity).toList());
        List<ActivityIndex> indexes = activity.channels().isEmpty() ? List.of() : windows.indexes(records, now);
        return new ProfileView(who.root(), who.members().subList(1, who.members().size()).stream().sorted().toList(),
                current(records, Person::attributes), List.copyOf(current(records, Person::products).values()),
                List.copyOf(current(records, Person::relationships).values()), activity,
                activity.channels().isEmpty() ? Map.of() : windows.lastThirtyDays(indexes, now),
                records.stream().flatMap(p -> p.answers().stream())
                        .sorted(Comparator.comparing(Answer::answeredAt).thenComparing(Answer::recordedAt).reversed())
                        .toList(),
                recentEvents > 0 ? windows.recent(indexes, recentEvents) : List.of(),
                records.stream().map(Person::createdAt).filter(Objects::nonNull).min(Comparator.naturalOrder())
                        .orElse(null),
                records.stream().map(Person::updatedAt).filter(Objects::nonNull).max(Comparator.naturalOrder())
                        .orElse(null),
                List.of());
    }

    /** The current value per key over the members, cleared keys left out. */
    static Map<String, Fact> current(List<Person> records, Function<Person, Map<String, Fact>> facts) {
        return Facts.present(Facts.current(records.stream().map(facts).toList()));
    }
}
