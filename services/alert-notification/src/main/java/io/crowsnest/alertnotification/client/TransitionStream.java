package io.crowsnest.alertnotification.client;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowsnest.alertnotification.domain.Transition;
import io.crowsnest.platform.scoring.SegmentEntryFollower;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/**
 * Scoring's segment transition stream (ENTERED only), followed by the platform's
 * {@link SegmentEntryFollower} and read as domain transitions.
 */
@ApplicationScoped
public class TransitionStream {

    @GrpcClient("scoring")
    Channel scoring;

    /** A follower for this consumer, not started yet; each entry reaches {@code handler} as a Transition. */
    public SegmentEntryFollower follower(String consumer, SegmentEntryFollower.Offsets offsets,
            Consumer<Transition> handler) {
        return new SegmentEntryFollower(scoring, consumer, offsets, e -> handler.accept(new Transition(e.offset(),
                e.personId(), e.segmentId(), e.occurredAt(), e.reason())));
    }
}
