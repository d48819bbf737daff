package io.crowsnest.scoring.store;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.platform.feed.Feed;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.Transition;

/**
 * The durable feed of segment transitions (collection {@code transitions}). One entry holds the
 * transitions of one evaluation of one person, so that they are committed together and a move in
 * an exclusive system (LEFT then ENTERED) gets consecutive offsets: a transition's offset is its
 * entry's position times {@link #SPAN} plus its index in the entry. An entry's payload is its
 * transitions without their offsets, as {@link SegmentRecordFormat} writes them.
 */
@ApplicationScoped
public class TransitionLog {

    /** Offsets reserved per feed entry: more than the transitions one evaluation can make. */
    public static final long SPAN = 65_536;

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
        return read(feed.append(at, payload), payload);
    }

    /** The transitions of one entry, with their offsets. */
    public List<Transition> read(long entryOffset, byte[] payload) {
        List<Transition> stored = format.transitions(payload);
        return IntStream.range(0, stored.size())
                .mapToObj(i -> stored.get(i).withOffset(entryOffset * SPAN + i)).toList();
    }
}
