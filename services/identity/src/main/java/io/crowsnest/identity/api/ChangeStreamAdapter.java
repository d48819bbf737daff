package io.crowsnest.identity.api;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.identity.config.IdentityConfig;
import io.crowsnest.identity.store.ChangeLog;
import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.identity.v1.IdentityChangeType;
import io.crowsnest.identity.v1.StreamHeartbeat;
import io.crowsnest.identity.v1.StreamIdentityChangesRequest;
import io.crowsnest.identity.v1.StreamIdentityChangesResponse;
import io.crowsnest.platform.feed.Feed;
import io.crowsnest.platform.feed.FeedStreamer;
import io.crowsnest.identity.domain.IdentityErrors.OffsetExpired;
import io.crowsnest.platform.grpc.Timestamps;
import io.grpc.stub.StreamObserver;

/** StreamIdentityChanges: checks the request, then serves the change feed after the consumer's offset. */
@ApplicationScoped
class ChangeStreamAdapter {

    private static final Logger LOG = Logger.getLogger(ChangeStreamAdapter.class);
    private static final Pattern CONSUMER = Pattern.compile("[a-z0-9-]{1,64}");

    @Inject
    ChangeLog changes;
    @Inject
    IdentityConfig config;
    @Inject
    Clock clock;

    private FeedStreamer streamer;

    @PostConstruct
    void init() {
        streamer = new FeedStreamer("identity-change-stream", config.streamPoll(), config.streamHeartbeat());
    }

    void stream(StreamIdentityChangesRequest request, StreamObserver<StreamIdentityChangesResponse> out) {
        Feed feed = changes.feed();
        Checks checks = new Checks();
        long head = feed.head();
        if (request.getAfterOffset() < 0 || request.getAfterOffset() > head) {
            checks.add("after_offset", "must be between 0 and the latest offset " + head);
        }
        Set<IdentityChangeType> types = EnumSet.noneOf(IdentityChangeType.class);
        for (int i = 0; i < request.getTypesCount(); i++) {
            IdentityChangeType type = request.getTypes(i);
            if (type == IdentityChangeType.IDENTITY_CHANGE_TYPE_UNSPECIFIED || type == IdentityChangeType.UNRECOGNIZED) {
                checks.add("types[" + i + "]", "must be MERGED, UNMERGED or FORGOTTEN");
            } else {
                types.add(type);
            }
        }
        if (!CONSUMER.matcher(request.getConsumer()).matches()) {
            checks.add("consumer", request.getConsumer().isEmpty() ? "is required" : "must match [a-z0-9-]{1,64}");
        }
        checks.throwIfAny();
        long start = feed.resumeAfter(request.getAfterOffset());
        if (start < 0) {
            throw new OffsetExpired(request.getAfterOffset(), feed.oldest());
        }
        Set<IdentityChangeType> wanted = types.isEmpty() ? EnumSet.allOf(IdentityChangeType.class) : types;
        LOG.infof("consumer %s streams identity changes after offset %d", request.getConsumer(), start);
        streamer.stream(feed, start, out, entry -> {
            IdentityChange change = IdentityChange.parseFrom(entry.payload()).toBuilder().setOffset(entry.offset())
                    .build();
            return wanted.contains(change.getType())
                    ? Optional.of(StreamIdentityChangesResponse.newBuilder().setChange(change).build())
                    : Optional.empty();
        }, latest -> StreamIdentityChangesResponse.newBuilder().setHeartbeat(StreamHeartbeat.newBuilder()
                .setLatestOffset(latest).setSentAt(Timestamps.of(clock.instant()))).build(), request.getConsumer());
    }

    @PreDestroy
    void stop() {
        streamer.close();
    }
}
