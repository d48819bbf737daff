package io.crowsnest.alertnotification.client;

import java.util.Iterator;
import java.util.function.LongConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.crowsnest.alertnotification.domain.Transition;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsRequest;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsResponse;
import io.grpc.Context;
import io.quarkus.grpc.GrpcClient;

/** Scoring's segment transition stream (ENTERED only), read as domain transitions. */
@ApplicationScoped
public class TransitionStream {

    @GrpcClient("scoring")
    ScoringServiceBlockingStub scoring;

    /** What the follower does with the stream's messages; throw to end the stream. */
    public interface Handler {
        /** A person entered a segment. */
        void transition(Transition transition);

        /** Nothing new: every transition up to the offset was sent. */
        void upTo(long offset);
    }

    /** An open stream; closing it cancels the call. */
    public interface Open extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Reads the transitions after the offset until the stream ends, {@code stillWanted} turns false,
     * or the call is cancelled through {@code opened}'s handle; an error of the call is thrown.
     */
    public void follow(long after, String consumer, java.util.function.BooleanSupplier stillWanted,
            java.util.function.Consumer<Open> opened, Handler handler) {
        Context.CancellableContext context = Context.current().withCancellation();
        opened.accept(() -> context.cancel(null));
        try {
            Iterator<StreamSegmentTransitionsResponse> stream = context.call(() -> scoring.streamSegmentTransitions(
                    StreamSegmentTransitionsRequest.newBuilder().setAfterOffset(after).setConsumer(consumer)
                            .addTypes(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED).build()));
            while (stillWanted.getAsBoolean() && stream.hasNext()) {
                StreamSegmentTransitionsResponse next = stream.next();
                if (next.hasTransition()) {
                    var t = next.getTransition();
                    handler.transition(new Transition(t.getOffset(), t.getPersonId(), t.getSegmentId(),
                            Timestamps.instant(t.getOccurredAt()), t.getReason().getMessage()));
                } else {
                    handler.upTo(next.getHeartbeat().getLatestOffset());
                }
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            context.cancel(null);
        }
    }
}
