package io.crowsnest.scoring.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The behaviour features of a person at an instant, from the live state: frequencies over rolling
 * windows ending then, the sessions and the source mix of the last 30 days.
 */
public record Features(PersonState state, List<Frequency> frequencies, Session lastSession, int sessionsLast30Days,
        double averageSessionPageDepth, double averageSessionSeconds, List<SourceShare> sourceMix) {

    public static final Duration RECENT = Duration.ofDays(30);

    /** Events of one type ("" = all types) in a rolling window. */
    public record Frequency(String eventType, Duration window, long count) {
    }

    /** Events from one traffic source in the last 30 days and their share of all of them. */
    public record SourceShare(String trafficSource, long count, double share) {
    }

    public static Features of(PersonState state, Instant now, List<Duration> windows) {
        List<Frequency> frequencies = new ArrayList<>();
        for (Duration window : windows) {
            Map<String, Long> byType = count(within(state, now.minus(window), now), EventMark::type);
            frequencies.add(new Frequency("", window, byType.values().stream().mapToLong(Long::longValue).sum()));
            byType.forEach((type, count) -> frequencies.add(new Frequency(type, window, count)));
        }
        Instant recent = now.minus(RECENT);
        List<Session> sessions = state.sessions().stream().filter(s -> s.startedAt().isAfter(recent)).toList();
        Session last = state.sessions().stream().max(Comparator.comparing(Session::lastEventAt)
                .thenComparing(Session::sessionId)).orElse(null);
        double depth = sessions.stream().mapToInt(Session::maxPageDepth).average().orElse(0);
        double seconds = sessions.stream().mapToLong(Session::timeSpentSeconds).average().orElse(0);
        return new Features(state, frequencies, last, sessions.size(), depth, seconds, sourceMix(state, recent, now));
    }

    private static List<SourceShare> sourceMix(PersonState state, Instant from, Instant now) {
        Map<String, Long> counts = count(within(state, from, now), EventMark::trafficSource);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        List<SourceShare> mix = new ArrayList<>();
        counts.forEach((source, count) -> mix.add(new SourceShare(source, count, (double) count / total)));
        mix.sort(Comparator.comparingLong(SourceShare::count).reversed().thenComparing(SourceShare::trafficSource));
        return mix;
    }

    /** The recent events that occurred in (from, now]. */
    public static List<EventMark> within(PersonState state, Instant from, Instant now) {
        return state.events().stream().filter(e -> e.occurredAt().isAfter(from) && !e.occurredAt().isAfter(now))
                .toList();
    }

    private static Map<String, Long> count(List<EventMark> events, Function<EventMark, String> key) {
        Map<String, Long> counts = new TreeMap<>();
        events.forEach(e -> counts.merge(key.apply(e), 1L, Long::sum));
        return counts;
    }
}
