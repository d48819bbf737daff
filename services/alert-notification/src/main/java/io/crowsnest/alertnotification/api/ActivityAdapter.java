package io.crowsnest.alertnotification.api;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.domain.ActivityCursor;
import io.crowsnest.alertnotification.domain.ActivityRules;
import io.crowsnest.alertnotification.domain.ProfileEvent;
import io.crowsnest.alertnotification.domain.ScoreCrossing;
import io.crowsnest.alertnotification.feed.CustomerActivity;
import io.crowsnest.alertnotification.v1.ActivityHeartbeat;
import io.crowsnest.alertnotification.v1.CustomerEvent;
import io.crowsnest.alertnotification.v1.SubscribeCustomerActivityRequest;
import io.crowsnest.alertnotification.v1.SubscribeCustomerActivityResponse;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.Event;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** SubscribeCustomerActivity: checks the request, opens the customer's feed, streams its items. */
@ApplicationScoped
public class ActivityAdapter {

    @Inject
    CustomerActivity activity;

    public void subscribe(SubscribeCustomerActivityRequest r, StreamObserver<SubscribeCustomerActivityResponse> out) {
        RequestChecks v = new RequestChecks();
        Optional<ActivityCursor> after = ActivityRules.check(v::add, r.getPersonId(), r.getAgentId(),
                r.getAfterCursor(), r.getReplayLimit(), r.getScoreThresholdsMap());
        v.throwIfAny();
        ServerCallStreamObserver<SubscribeCustomerActivityResponse> stream =
                (ServerCallStreamObserver<SubscribeCustomerActivityResponse>) out;
        GrpcSink sink = new GrpcSink(stream);
        CustomerActivity.Subscription subscription;
        try {
            subscription = activity.open(r.getPersonId(), after, r.getReplayLimit() == 0 ? 10 : r.getReplayLimit(),
                    r.getScoreThresholdsMap(), sink);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw GrpcErrors.error(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", "no person has id '"
                        + r.getPersonId() + "' (or the person was forgotten)");
            }
            throw e;
        }
        sink.subscription = subscription;
        stream.setOnCancelHandler(subscription::close);
        if (stream.isCancelled()) {
            subscription.close();
        }
    }

    /** The feed's items as stream messages; a write to a screen that went away closes the feed. */
    private static final class GrpcSink implements CustomerActivity.Sink {
        private final ServerCallStreamObserver<SubscribeCustomerActivityResponse> stream;
        private volatile CustomerActivity.Subscription subscription;

        GrpcSink(ServerCallStreamObserver<SubscribeCustomerActivityResponse> stream) {
            this.stream = stream;
        }

        @Override
        public void event(ActivityCursor cursor, ProfileEvent event) {
            Event e;
            try {
                e = Event.parseFrom(event.payload());
            } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                throw new IllegalStateException("profile event " + event.eventId() + " is unreadable", x);
            }
            send(SubscribeCustomerActivityResponse.newBuilder().setEvent(CustomerEvent.newBuilder()
                    .setCursor(cursor.encode()).setEvent(e)).build());
        }

        @Override
        public void crossing(ScoreCrossing c, Instant at) {
            send(SubscribeCustomerActivityResponse.newBuilder().setScoreCrossing(
                    io.crowsnest.alertnotification.v1.ScoreCrossing.newBuilder().setScoreName(c.scoreName())
                            .setThreshold(c.threshold()).setPreviousValue(c.previous()).setValue(c.value())
                            .setUpward(c.upward()).setObservedAt(Timestamps.of(at))
                            .setReason(Reason.newBuilder().setCode(c.upward() ? "SCORE_ROSE" : "SCORE_FELL")
                                    .setMessage(c.sentence()))).build());
        }

        @Override
        public void heartbeat(Instant at) {
            send(SubscribeCustomerActivityResponse.newBuilder().setHeartbeat(ActivityHeartbeat.newBuilder()
                    .setSentAt(Timestamps.of(at))).build());
        }

        @Override
        public void failed(RuntimeException cause) {
            if (!stream.isCancelled()) {
                stream.onError(Calls.status(cause));
            }
        }

        private void send(SubscribeCustomerActivityResponse item) {
            if (stream.isCancelled()) {
                CustomerActivity.Subscription s = subscription;
                if (s != null) {
                    s.close();
                }
                return;
            }
            stream.onNext(item);
        }
    }
}
