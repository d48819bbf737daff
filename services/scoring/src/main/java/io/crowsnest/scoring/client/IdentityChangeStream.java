package io.crowsnest.scoring.client;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.platform.identity.IdentityChangeFollower;
import io.crowsnest.scoring.domain.IdentityEvent;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/**
 * Identity's change stream, followed with the platform's follower (offset in scoring's database, at
 * least once, retried while the handler throws), each change handed over as a domain
 * {@link IdentityEvent}.
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
                    change.getMerged().getMergedPersonId(), change.getMerged().getSurvivorPersonId());
            case FORGOTTEN -> new IdentityEvent.Forgotten(change.getOffset(), change.getForgotten().getPersonId(),
                    change.getForgotten().getMergedPersonIdsList());
            case UNMERGED -> new IdentityEvent.Unmerged(change.getOffset(), change.getUnmerged().getMergeId(),
                    change.getUnmerged().getRestoredPersonId(), change.getUnmerged().getSurvivorPersonId());
            default -> new IdentityEvent.Unknown(change.getOffset());
        };
    }
}
