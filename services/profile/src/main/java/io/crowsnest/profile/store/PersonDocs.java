package io.crowsnest.profile.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;

import io.crowsnest.profile.domain.Activity;
import io.crowsnest.profile.domain.Answer;
import io.crowsnest.profile.domain.ChannelActivity;

/** Person documents of the {@code profiles} collection read into {@link Person}, and their parts written. */
final class PersonDocs {

    private static final int MILLIS_DIGITS = 15;

    private PersonDocs() {
    }

    /**
     * A channel's last interaction as one string that sorts like (occurred-at, event id), so that
     * {@code $max} keeps the latest whatever order events arrive in: millis|event id|event type.
     */
    static String lastInteraction(Instant occurredAt, String eventId, String eventType) {
        return String.format("%0" + MILLIS_DIGITS + "d|%s|%s", occurredAt.toEpochMilli(), eventId, eventType);
    }

    /** An event among a person's most recent ones as a string that sorts like (occurred-at, event id): millis|event id. */
    static String recent(Instant occurredAt, String eventId) {
        return String.format("%0" + MILLIS_DIGITS + "d|%s", occurredAt.toEpochMilli(), eventId);
    }

    static Document answer(Answer answer) {
        return new Document("id", answer.id()).append("q", answer.questionId())
                .append("json", FactDocs.json(answer.value())).append("at", Mongo.date(answer.answeredAt()))
                .append("ch", answer.channel()).append("s", answer.source()).append("a", answer.agentId())
                .append("r", Mongo.date(answer.recordedAt()));
    }

    static Person person(Document doc) {
        List<Answer> answers = new ArrayList<>();
        for (Document a : doc.getList("answers", Document.class, List.of())) {
            answers.add(new Answer(a.getString("id"), a.getString("q"), FactDocs.value(a.getString("json")),
                    Mongo.instant(a.getDate("at")), a.getString("ch"), a.getString("s"), a.getString("a"),
                    Mongo.instant(a.getDate("r"))));
        }
        return new Person(doc.getString("_id"), doc.getString("root"), doc.getList("members", String.class, List.of()),
                doc.getString("mergedInto"), doc.getString("mergeId"), doc.getList("unmerged", String.class, List.of()),
                Mongo.instant(doc.getDate("forgottenAt")),
                Mongo.instant(doc.getDate("createdAt")), Mongo.instant(doc.getDate("updatedAt")),
                FactDocs.facts(doc.get("attributes", Document.class)), FactDocs.facts(doc.get("products", Document.class)),
                FactDocs.facts(doc.get("relationships", Document.class)), answers,
                activity(doc.get("activity", Document.class)),
                doc.get(PersonStore.ATTRIBUTES_VERSION) instanceof Number n ? n.longValue() : 0L,
                index(doc.get("activity", Document.class)));
    }

    /** The index kept beside the counters; complete when it counted as many events as the channels did. */
    static ActivityIndex index(Document doc) {
        if (doc == null) {
            return ActivityIndex.EMPTY;
        }
        long counted = 0;
        Document channels = doc.get("channels", Document.class);
        if (channels != null) {
            for (Object c : channels.values()) {
                counted += ((Document) c).get("n", Number.class).longValue();
            }
        }
        boolean complete = counted == (doc.get(PersonStore.INDEXED) instanceof Number n ? n.longValue() : 0L);
        return new ActivityIndex(complete, days(doc.get("days", Document.class)), recent(doc),
                complete ? List.of() : doc.getList("applied", String.class, List.of()));
    }

    /** Events per epoch day and channel, as kept under activity.days. */
    static Map<Long, Map<String, Long>> days(Document days) {
        if (days == null) {
            return Map.of();
        }
        Map<Long, Map<String, Long>> out = new TreeMap<>();
        days.forEach((day, channels) -> {
            Map<String, Long> counts = new TreeMap<>();
            ((Document) channels).forEach((channel, n) -> counts.put(channel, ((Number) n).longValue()));
            out.put(Long.parseLong(day), counts);
        });
        return out;
    }

    private static List<ActivityIndex.Recent> recent(Document activity) {
        List<ActivityIndex.Recent> recent = new ArrayList<>();
        for (String key : activity.getList("recent", String.class, List.of())) {
            recent.add(new ActivityIndex.Recent(Instant.ofEpochMilli(Long.parseLong(key.substring(0, MILLIS_DIGITS))),
                    key.substring(MILLIS_DIGITS + 1)));
        }
        return recent;
    }

    private static Activity activity(Document doc) {
        if (doc == null) {
            return Activity.NONE;
        }
        Map<String, Long> value = new TreeMap<>();
        Document ltv = doc.get("ltv", Document.class);
        if (ltv != null) {
            ltv.forEach((currency, minor) -> value.put(currency, ((Number) minor).longValue()));
        }
        Map<String, ChannelActivity> channels = new TreeMap<>();
        Document stored = doc.get("channels", Document.class);
        if (stored != null) {
            stored.forEach((channel, c) -> channels.put(channel, channel((Document) c)));
        }
        return new Activity(Mongo.instant(doc.getDate("first")), Mongo.instant(doc.getDate("last")), value, channels);
    }

    private static ChannelActivity channel(Document doc) {
        String last = doc.getString("last");
        String rest = last.substring(MILLIS_DIGITS + 1);
        int bar = rest.lastIndexOf('|');
        return new ChannelActivity(Mongo.instant(doc.getDate("first")),
                Instant.ofEpochMilli(Long.parseLong(last.substring(0, MILLIS_DIGITS))), rest.substring(bar + 1),
                rest.substring(0, bar), doc.get("n", Number.class).longValue());
    }
}
