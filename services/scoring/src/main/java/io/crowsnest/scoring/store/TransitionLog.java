package io.crowsnest.scoring.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.platform.feed.Feed;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.v1.SegmentTransition;

/**
 * The durable feed of segment transitions (collection {@code transitions}). One entry holds the
 * transitions of one evaluation of one person, so that they are committed together and a move in
 * an exclusive system (LEFT then ENTERED) gets consecutive offsets: a transition's offset is its
 * entry's position times {@link #SPAN} plus its index in the entry.
 */
@ApplicationScoped
public class TransitionLog {

    /** Offsets reserved per feed entry: more than the transitions one evaluation can make. */
    public static final long SPAN = 65_536;

    @Inject
    MongoDatabase database;
    @Inject
    ScoringConfig config;

    private Feed feed;

    @PostConstruct
    void init() {
        feed = new Feed(database, "transitions", config.transitionRetention());
    }

    public Feed feed() {
        return feed;
    }

    /** Appends the transitions of one evaluation; returns them with their offsets. */
    public List<SegmentTransition> append(Instant at, List<SegmentTransition> transitions) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            for (SegmentTransition t : transitions) {
                t.toBuilder().clearOffset().build().writeDelimitedTo(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read(feed.append(at, bytes.toByteArray()), bytes.toByteArray());
    }

    /** The transitions of one entry, with their offsets. */
    public static List<SegmentTransition> read(long entryOffset, byte[] payload) {
        List<SegmentTransition> out = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(payload);
        try {
            for (long i = 0; in.available() > 0; i++) {
                out.add(SegmentTransition.parseDelimitedFrom(in).toBuilder().setOffset(entryOffset * SPAN + i)
                        .build());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
