package io.crowsnest.platform.scoring;

import org.jboss.logging.Logger;

import io.crowsnest.platform.grpc.StreamReader;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.jobs.Backoff;
import io.crowsnest.platform.jobs.RestartingJob;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsRequest;
import io.crowsnest.scoring.v1.SegmentTransition;
import io.grpc.Channel;

/**
 * Follows scoring's segment transition stream (ENTERED only) for one consuming service: resumes
 * after the offset the service stored ({@link Offsets}), hands each entry to the service's handler
 * and marks its offset processed only after the handler returned, so every entry is handled at
 * least once (handlers are idempotent). Heartbeats mark the stream's latest offset processed. While
 * scoring is unreachable, the stream breaks or the handler throws, it follows again after a
 * {@link Backoff} ({@link Backoff#PEER} unless given), from the last stored offset, so a failed entry
 * is handed over again. {@link #close} cancels the open call and stops following.
 */
public final class SegmentEntryFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SegmentEntryFollower.class);

    /** Where the consuming service keeps its offset in the stream (in its own store). */
    public interface Offsets {
        /** The offset of the last entry handled (0 before the first). */
        long offset();

        /** Every entry up to the offset was handled; never moves the stored offset back. */
        void processed(long offset);
    }

    /** What the consuming service does with one entry; throw to have it handed over again. */
    @FunctionalInterface
    public interface Handler {
        void entered(SegmentEntry entry);
    }

    private final ScoringServiceGrpc.ScoringServiceBlockingStub scoring;
    private final String consumer;
    private final Offsets offsets;
    private final Handler handler;
    private final Backoff backoff;
    private final StreamReader reader = new StreamReader();
    private volatile RestartingJob job;

    public SegmentEntryFollower(Channel scoringChannel, String consumer, Offsets offsets, Handler handler) {
        this(scoringChannel, consumer, offsets, handler, Backoff.PEER);
    }

    /** As the four-argument constructor, waiting {@code backoff} between attempts. */
    public SegmentEntryFollower(Channel scoringChannel, String consumer, Offsets offsets, Handler handler,
            Backoff backoff) {
        this.scoring = ScoringServiceGrpc.newBlockingStub(scoringChannel);
        this.consumer = consumer;
        this.offsets = offsets;
        this.handler = handler;
        this.backoff = backoff;
    }

    /** Starts following on a daemon thread named {@code <consumer>-segment-entries}. */
    public void start() {
        if (job != null || reader.closed()) {
            throw new IllegalStateException(consumer + ": the segment entry follower was already started");
        }
        job = RestartingJob.start(consumer + "-segment-entries", backoff, this::attempt);
    }

    /** Follows until the stream ends (went well) or fails (did not); the job tries again after a back-off. */
    private boolean attempt() {
        try {
            follow();
            return true;
        } catch (Exception e) {
            if (reader.closed()) {
                return true;
            }
            LOG.debugf("%s following scoring's segment entries after %d: %s; retrying", consumer, offsets.offset(),
                    e.toString());
            return false;
        }
    }

    private void follow() throws Exception {
        reader.read(() -> scoring.streamSegmentTransitions(StreamSegmentTransitionsRequest.newBuilder()
                .setAfterOffset(offsets.offset()).setConsumer(consumer)
                .addTypes(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED).build()), next -> {
                    if (next.hasTransition()) {
                        SegmentTransition t = next.getTransition();
                        handler.entered(new SegmentEntry(t.getOffset(), t.getPersonId(), t.getSegmentId(),
                                Timestamps.instant(t.getOccurredAt()), t.getReason().getMessage()));
                        offsets.processed(t.getOffset());
                    } else {
                        offsets.processed(next.getHeartbeat().getLatestOffset());
                    }
                });
    }

    /** Stops following: the open call is cancelled, the stored offset stays where the last entry left it. */
    @Override
    public void close() {
        reader.close();
        RestartingJob j = job;
        if (j != null) {
            j.close();
        }
    }
}
