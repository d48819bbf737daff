package io.crowsnest.profile.client;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.identity.IdentityChangeFollower;
import io.crowsnest.profile.domain.IdentityEvent;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/**
 * Identity's change stream, followed with the platform's follower (offset in profile's own
 * database, reconnection with back-off, at least once, retried while the handler throws), each
 * change handed over as an {@link IdentityEvent}.
 */
@ApplicationScoped
public class IdentityChangeStream {

    @GrpcClient("identity")
    Channel identity;
    @Inject
    MongoDatabase database;

    /** Starts following for the consumer when enabled; close what it returns to stop. */
    public AutoCloseable follow(boolean enabled, String consumer, Consumer<IdentityEvent> handler) {
        IdentityChangeFollower follower = IdentityChangeFollower.startIf(enabled, identity, database, consumer,
                change -> handler.accept(event(change)));
        return () -> IdentityChangeFollower.stop(follower);
    }

    static IdentityEvent event(IdentityChange change) {
        return switch (change.getPayloadCase()) {
            case MERGED -> new IdentityEvent.Merged(change.getOffset(), change.getMerged().getMergeId(),
                    change.getMerged().getSurvivorPersonId(), change.getMerged().getMergedPersonId(),
                    Timestamps.instant(change.getOccurredAt()));
            case UNMERGED -> new IdentityEvent.Unmerged(change.getOffset(), change.getUnmerged().getMergeId(),
                    change.getUnmerged().getSurvivorPersonId(), change.getUnmerged().getRestoredPersonId(),
                    Timestamps.instant(change.getOccurredAt()));
            case FORGOTTEN -> new IdentityEvent.Forgotten(change.getOffset(), change.getForgotten().getPersonId(),
                    change.getForgotten().getMergedPersonIdsList(), Timestamps.instant(change.getOccurredAt()));
            default -> new IdentityEvent.Unknown(change.getOffset());
        };
    }
}
