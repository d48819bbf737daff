package io.crowsnest.alertnotification.api;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.domain.ActivityCursor;
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
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.Event;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** SubscribeCustomerActivity: checks the request, opens the customer's feed, streams its items. */
@ApplicationScoped
public class ActivityAdapter {

    static final int MAX_REPLAY = 50;
    static final int MAX_THRESHOLDS = 20;
    private static final Pattern SCORE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    @Inject
    CustomerActivity activity;

    public void subscribe(SubscribeCustomerActivityRequest r, StreamObserver<SubscribeCustomerActivityResponse> out) {
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        if (r.getPersonId().isEmpty() || r.getPersonId().length() > 64) {
            v.add("person_id", "is required, up to 64 characters");
        }
        if (!r.getAgentId().isEmpty() && !Checks.AGENT_OR_TEAM.matcher(r.getAgentId()).matches()) {
            v.add("agent_id", "is not an agent id ([A-Za-z0-9._@-]{1,64})");
        }
        Optional<ActivityCursor> after = Optional.empty();
        if (!r.getAfterCursor().isEmpty()) {
            after = ActivityCursor.decode(r.getAfterCursor());
            if (after.isEmpty()) {
                v.add("after_cursor", "is not a cursor of this feed (pass a CustomerEvent.cursor)");
            }
        }
        if (r.getReplayLimit() < 0 || r.getReplayLimit() > MAX_REPLAY) {
            v.add("replay_limit", "must be 0 (default 10) to " + MAX_REPLAY + ", got " + r.getReplayLimit());
        }
        if (r.getScoreThresholdsCount() > MAX_THRESHOLDS) {
            v.add("score_thresholds", "at most " + MAX_THRESHOLDS + ", got " + r.getScoreThresholdsCount());
        }
        for (Map.Entry<String, Double> t : r.getScoreThresholdsMap().entrySet()) {
            if (!SCORE_NAME.matcher(t.getKey()).matches()) {
                v.add("score_thresholds[\"" + t.getKey() + "\"]", "is not a score name ([a-z][a-z0-9_]{0,63})");
            } else if (!Double.isFinite(t.getValue())) {
                v.add("score_thresholds[\"" + t.getKey() + "\"]", "must be a finite number");
            }
        }
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
