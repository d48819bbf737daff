package io.crowsnest.profile.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.ChannelActivity;
import io.crowsnest.profile.domain.LastThirtyDays;
import io.crowsnest.profile.store.ActivityIndex;
import io.crowsnest.profile.store.EventStore;
import io.crowsnest.profile.store.OutboxStore;
import io.crowsnest.profile.store.Person;
import io.crowsnest.profile.store.PersonStore;
import io.crowsnest.profile.store.StoredEvent;

/**
 * The parts of the 360 view that come from events — events per channel in the last 30 days and the
 * most recent events — answered from the members' documents (their {@link ActivityIndex}): day
 * buckets summed, recent events fetched by id. No query over the events collection on a read.
 * <p>
 * A member whose document predates the index (or had events counted by an older replica) gets it
 * computed once from its events and stored, and is read like the others from then on. Computed is
 * what its activity counted: an event stored but not applied yet (its outbox entry unapplied and its
 * id not among the applied ones) is left out, since applying it counts it; the index is stored only
 * if no event was applied meanwhile (else it is computed again at the next read).
 */
@ApplicationScoped
public class ActivityWindows {

    private static final Comparator<ActivityIndex.Recent> NEWEST_FIRST = Comparator
            .comparing(ActivityIndex.Recent::occurredAt).thenComparing(ActivityIndex.Recent::eventId).reversed();

    @Inject
    PersonStore persons;
    @Inject
    EventStore events;
    @Inject
    OutboxStore outbox;
    @Inject
    ProfileConfig config;

    /** The members' complete indexes, in the order of the records. */
    List<ActivityIndex> indexes(List<Person> records, Instant now) {
        return records.stream().map(p -> p.index().complete() ? p.index() : computed(p, now)).toList();
    }

    /** Events per channel name that occurred in the last 30 days (see LastThirtyDays), over all members. */
    Map<String, Long> lastThirtyDays(List<ActivityIndex> indexes, Instant now) {
        return LastThirtyDays.sum(indexes.stream().map(ActivityIndex::days).toList(),
                LastThirtyDays.firstDay(now, config.retention()));
    }

    /**
     * Up to {@code limit} of the members' most recent retained events, newest first (occurred-at, then
     * event id), read by id; ids whose events retention deleted meanwhile are passed over.
     */
    List<StoredEvent> recent(List<ActivityIndex> indexes, int limit) {
        Map<String, ActivityIndex.Recent> unique = new LinkedHashMap<>();
        indexes.stream().flatMap(i -> i.recent().stream()).sorted(NEWEST_FIRST)
                .forEach(r -> unique.putIfAbsent(r.eventId(), r));
        List<ActivityIndex.Recent> candidates = List.copyOf(unique.values());
        List<StoredEvent> found = new ArrayList<>();
        int next = 0;
        while (found.size() < limit && next < candidates.size()) {
            List<ActivityIndex.Recent> ask = candidates.subList(next,
                    Math.min(candidates.size(), next + limit - found.size()));
            next += ask.size();
            Map<String, StoredEvent> stored = events.findAll(ask.stream().map(ActivityIndex.Recent::eventId).toList());
            ask.stream().map(r -> stored.get(r.eventId())).filter(e -> e != null).forEach(found::add);
        }
        return found;
    }

    /** The index of a document without a complete one, computed from its events, and stored when still current. */
    private ActivityIndex computed(Person person, Instant now) {
        long firstDay = LastThirtyDays.firstDay(now);
        List<EventStore.Occurred> window = events.occurredSince(person.id(),
                Instant.ofEpochSecond(firstDay * 86_400));
        Set<String> applied = Set.copyOf(person.index().applied());
        List<String> unsure = window.stream().map(EventStore.Occurred::eventId).filter(id -> !applied.contains(id))
                .toList();
        Set<String> notApplied = unsure.isEmpty() ? Set.of()
                : outbox.findAll(unsure).values().stream().filter(e -> !e.applied())
                        .map(OutboxStore.Entry::eventId).collect(Collectors.toSet());
        Map<Long, Map<String, Long>> days = new TreeMap<>();
        window.stream().filter(o -> !notApplied.contains(o.eventId())).forEach(o -> days
                .computeIfAbsent(LastThirtyDays.day(o.occurredAt()), d -> new TreeMap<>())
                .merge(o.channel(), 1L, Long::sum));
        List<ActivityIndex.Recent> recent = events.page(EventStore.Query.all(List.of(person.id())), null,
                PersonStore.RECENT_KEPT).stream()
                .map(e -> new ActivityIndex.Recent(e.facts().occurredAt(), e.eventId())).toList();
        long counted = person.activity().channels().values().stream().mapToLong(ChannelActivity::count).sum();
        persons.storeIndex(person.id(), person.index().applied(), days, recent, counted);
        return new ActivityIndex(true, days, recent, List.of());
    }
}
