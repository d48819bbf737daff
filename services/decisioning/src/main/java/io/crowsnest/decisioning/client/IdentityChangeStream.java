package io.crowsnest.decisioning.client;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.platform.identity.IdentityChangeFollower;
import io.crowsnest.platform.identity.IdentityEvent;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/**
 * Identity's change stream, followed with the platform's follower (offset in this service's
 * database, at least once, retried while the handler throws), each change an {@link IdentityEvent}.
 */
@ApplicationScoped
public class IdentityChangeStream {

    @GrpcClient("identity")
    Channel identity;
    @Inject
    MongoDatabase database;

    /** Starts following for the consumer when enabled; close what it returns to stop. */
    public AutoCloseable follow(boolean enabled, String consumer, Consumer<IdentityEvent> handler) {
        IdentityChangeFollower follower = IdentityEvent.follow(enabled, identity, database, consumer, handler);
        return () -> IdentityChangeFollower.stop(follower);
    }
}
