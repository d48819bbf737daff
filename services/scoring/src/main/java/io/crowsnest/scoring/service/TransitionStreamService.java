package io.crowsnest.scoring.service;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.platform.feed.Feed;
import io.crowsnest.platform.feed.FeedStreamer;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.ScoringException;
import io.crowsnest.scoring.store.TransitionLog;
import io.crowsnest.scoring.v1.SegmentTransition;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.crowsnest.scoring.v1.StreamHeartbeat;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsRequest;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsResponse;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * StreamSegmentTransitions: serves the durable transition feed after the consumer's offset, the
 * transitions the request's filters keep, with heartbeats carrying the latest offset while idle.
 */
@ApplicationScoped
public class TransitionStreamService {

    private static final Logger LOG = Logger.getLogger(TransitionStreamService.class);

    @Inject
    TransitionLog log;
    @Inject
    ScoringConfig config;
    @Inject
    Clock clock;

    private FeedStreamer streamer;

    @PostConstruct
    void init() {
        streamer = new FeedStreamer("scoring-transition-stream", config.streamPoll(), config.streamHeartbeat());
    }

    /** The highest offset a transition may have now (0 when none was ever published). */
    public long latestOffset() {
        return latest(log.feed().head());
    }

    /**
     * Streams a checked request's transitions to {@code out}, which receives each feed entry's kept
     * transitions as one list; OFFSET_EXPIRED when the transitions after its offset are no longer
     * retained.
     */
    public void stream(StreamSegmentTransitionsRequest request, Set<SegmentTransitionType> types,
            ServerCallStreamObserver<List<StreamSegmentTransitionsResponse>> out) {
        Feed feed = log.feed();
        long after = request.getAfterOffset();
        long start = feed.resumeAfter(after == 0 ? 0 : Math.max(0, after / TransitionLog.SPAN - 1));
        if (start < 0) {
            throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "OFFSET_EXPIRED", "transitions "
                    + "after offset " + after + " are no longer retained; resynchronise with GetScores or "
                    + "GetPopulationView, then resume from the offset of a heartbeat");
        }
        LOG.infof("consumer %s streams segment transitions after offset %d", request.getConsumer(), after);
        streamer.stream(feed, start, out, entry -> {
            List<StreamSegmentTransitionsResponse> wanted = TransitionLog.read(entry.offset(), entry.payload())
                    .stream().filter(t -> t.getOffset() > after && matches(request, types, t))
                    .map(t -> StreamSegmentTransitionsResponse.newBuilder().setTransition(t).build()).toList();
            return wanted.isEmpty() ? Optional.empty() : Optional.of(wanted);
        }, entry -> List.of(StreamSegmentTransitionsResponse.newBuilder().setHeartbeat(StreamHeartbeat.newBuilder()
                .setLatestOffset(Math.max(after, latest(entry))).setSentAt(Timestamps.of(clock.instant()))).build()),
                request.getConsumer());
    }

    /** The highest offset a transition of the feed's entries up to this one may have (0 when empty). */
    private static long latest(long headEntry) {
        return headEntry == 0 ? 0 : headEntry * TransitionLog.SPAN + TransitionLog.SPAN - 1;
    }

    private static boolean matches(StreamSegmentTransitionsRequest request, Set<SegmentTransitionType> types,
            SegmentTransition t) {
        return (request.getSegmentIdsCount() == 0 || request.getSegmentIdsList().contains(t.getSegmentId()))
                && (request.getSystemIdsCount() == 0 || request.getSystemIdsList().contains(t.getSystemId()))
                && (types.isEmpty() || types.contains(t.getType()));
    }

    @PreDestroy
    void stop() {
        streamer.close();
    }
}
