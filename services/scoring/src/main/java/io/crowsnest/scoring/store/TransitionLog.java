package io.crowsnest.scoring.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.platform.feed.Feed;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.Reason;
import io.crowsnest.scoring.domain.Transition;

/**
 * The durable feed of segment transitions (collection {@code transitions}). One entry holds the
 * transitions of one evaluation of one person, so that they are committed together and a move in
 * an exclusive system (LEFT then ENTERED) gets consecutive offsets: a transition's offset is its
 * entry's position times {@link #SPAN} plus its index in the entry. An entry's payload is its
 * transitions without their offsets, as {@link SegmentRecordFormat} writes them; it names the
 * persons of its transitions, so that an erasure finds and pseudonymises them ({@link #forget}).
 */
@ApplicationScoped
public class TransitionLog {

    /** Offsets reserved per feed entry: more than the transitions one evaluation can make. */
    public static final long SPAN = 65_536;

    /** The reason message an erased person's transitions keep. */
    public static final String ERASED = "the person was erased";

    @Inject
    MongoDatabase database;
    @Inject
    ScoringConfig config;
    @Inject
    SegmentRecordFormat format;

    private Feed feed;

    @PostConstruct
    void init() {
        feed = new Feed(database, "transitions", config.transitionRetention());
    }

    public Feed feed() {
        return feed;
    }

    /** Appends the transitions of one evaluation; returns them with their offsets. */
    public List<Transition> append(Instant at, List<Transition> transitions) {
        byte[] payload = format.transitions(transitions.stream().map(t -> t.withOffset(0)).toList());
        return read(feed.append(at, payload, persons(transitions)), payload);
    }

    /**
     * The erasure of these persons: every entry's transitions of theirs keep their offset, segment,
     * type, cause, reason code and time but carry the pseudonym instead of the person id, and no
     * event id, reason message or figures (the explanation's inputs). Entries appended before
     * entries named their persons are read once and then name them. Returns how many transitions
     * were pseudonymised.
     */
    public int forget(Collection<String> personIds, String pseudonym) {
        int changed = 0;
        for (Feed.Entry entry : feed.about(personIds)) {
            List<Transition> stored = format.transitions(entry.payload());
            List<Transition> kept = stored.stream().map(t -> personIds.contains(t.personId())
                    ? new Transition(0, t.entered(), pseudonym, t.segmentId(), t.systemId(), t.segmentRevision(),
                            t.cause(), "", t.occurredAt(), t.otherSegmentId(),
                            t.reason() == null ? null : new Reason(t.reason().code(), ERASED, Map.of()))
                    : t).toList();
            int differing = (int) IntStream.range(0, stored.size()).filter(i -> stored.get(i) != kept.get(i)).count();
            feed.replace(entry.offset(), differing == 0 ? entry.payload() : format.transitions(kept), persons(kept));
            changed += differing;
        }
        return changed;
    }

    private static List<String> persons(List<Transition> transitions) {
        return transitions.stream().map(Transition::personId).distinct().toList();
    }

    /** The transitions of one entry, with their offsets. */
    public List<Transition> read(long entryOffset, byte[] payload) {
        List<Transition> stored = format.transitions(payload);
        return IntStream.range(0, stored.size())
                .mapToObj(i -> stored.get(i).withOffset(entryOffset * SPAN + i)).toList();
    }
}
