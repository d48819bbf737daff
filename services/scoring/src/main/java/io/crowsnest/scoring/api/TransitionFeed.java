package io.crowsnest.scoring.api;

import java.time.Instant;
import java.util.EnumSet;
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
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.store.TransitionLog;
import io.crowsnest.scoring.v1.SegmentTransition;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.crowsnest.scoring.v1.StreamHeartbeat;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsRequest;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** StreamSegmentTransitions: checks the request, then serves the transition feed after the consumer's offset. */
@ApplicationScoped
public class TransitionFeed {

    private static final Logger LOG = Logger.getLogger(TransitionFeed.class);

    @Inject
    TransitionLog log;
    @Inject
    ScoringConfig config;

    private FeedStreamer streamer;

    @PostConstruct
    void init() {
        streamer = new FeedStreamer("scoring-transition-stream", config.streamPoll(), config.streamHeartbeat());
    }

    public void stream(StreamSegmentTransitionsRequest request,
            StreamObserver<StreamSegmentTransitionsResponse> out) {
        Feed feed = log.feed();
        long latest = latest(feed.head());
        Checks checks = new Checks();
        if (request.getAfterOffset() < 0 || request.getAfterOffset() > latest) {
            checks.add("after_offset", "must be between 0 and the latest offset " + latest);
        }
        checks.ids(request.getSegmentIdsList(), "segment_ids");
        checks.ids(request.getSystemIdsList(), "system_ids");
        Set<SegmentTransitionType> types = EnumSet.noneOf(SegmentTransitionType.class);
        for (int i = 0; i < request.getTypesCount(); i++) {
            SegmentTransitionType type = request.getTypes(i);
            if (type == SegmentTransitionType.SEGMENT_TRANSITION_TYPE_UNSPECIFIED
                    || type == SegmentTransitionType.UNRECOGNIZED) {
                checks.add("types[" + i + "]", "must be ENTERED or LEFT");
            }
            types.add(type);
        }
        checks.requestingSystem(request.getConsumer(), "consumer");
        checks.throwIfAny();
        long after = request.getAfterOffset();
        long start = feed.resumeAfter(after == 0 ? 0 : Math.max(0, after / TransitionLog.SPAN - 1));
        if (start < 0) {
            throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "OFFSET_EXPIRED", "transitions after offset "
                    + after + " are no longer retained; resynchronise with GetScores or GetPopulationView, then "
                    + "resume from the offset of a heartbeat");
        }
        LOG.infof("consumer %s streams segment transitions after offset %d", request.getConsumer(), after);
        ServerCallStreamObserver<StreamSegmentTransitionsResponse> call =
                (ServerCallStreamObserver<StreamSegmentTransitionsResponse>) out;
        streamer.stream(feed, start, new Unbatching<>(call), entry -> {
            List<StreamSegmentTransitionsResponse> wanted = TransitionLog.read(entry.offset(), entry.payload())
                    .stream().filter(t -> t.getOffset() > after && matches(request, types, t))
                    .map(t -> StreamSegmentTransitionsResponse.newBuilder().setTransition(t).build()).toList();
            return wanted.isEmpty() ? Optional.empty() : Optional.of(wanted);
        }, entry -> List.of(StreamSegmentTransitionsResponse.newBuilder().setHeartbeat(StreamHeartbeat.newBuilder()
                .setLatestOffset(Math.max(after, latest(entry))).setSentAt(Timestamps.of(Instant.now()))).build()),
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
