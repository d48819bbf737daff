package io.crowsnest.scoring.api;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.feed.FeedStreamer;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.mapping.SegmentRecords;
import io.crowsnest.scoring.service.TransitionStreamService;
import io.crowsnest.scoring.v1.StreamHeartbeat;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsResponse;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * Pumps the transition feed to a StreamSegmentTransitions consumer: each feed entry's kept
 * transitions as one list of responses, heartbeats with the latest offset while idle.
 */
@ApplicationScoped
class TransitionStreams {

    @Inject
    TransitionStreamService transitions;
    @Inject
    ScoringConfig config;
    @Inject
    Clock clock;

    private FeedStreamer streamer;

    @PostConstruct
    void init() {
        streamer = new FeedStreamer("scoring-transition-stream", config.streamPoll(), config.streamHeartbeat());
    }

    void stream(TransitionStreamService.Filter filter,
            ServerCallStreamObserver<List<StreamSegmentTransitionsResponse>> out) {
        long start = transitions.start(filter);
        streamer.stream(transitions.feed(), start, out, entry -> {
            List<StreamSegmentTransitionsResponse> wanted = transitions.kept(entry, filter).stream()
                    .map(t -> StreamSegmentTransitionsResponse.newBuilder()
                            .setTransition(SegmentRecords.transition(t)).build())
                    .toList();
            return wanted.isEmpty() ? Optional.empty() : Optional.of(wanted);
        }, entry -> List.of(StreamSegmentTransitionsResponse.newBuilder().setHeartbeat(StreamHeartbeat.newBuilder()
                .setLatestOffset(Math.max(filter.afterOffset(), transitions.latest(entry)))
                .setSentAt(Timestamps.of(clock.instant()))).build()), filter.consumer());
    }

    @PreDestroy
    void stop() {
        streamer.close();
    }
}
