package io.crowsnest.alertnotification.followers;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.alertnotification.config.AlertsConfig;
import io.crowsnest.alertnotification.service.ForgetService;
import io.crowsnest.platform.identity.IdentityChangeFollower;
import io.crowsnest.platform.identity.IdentityEvent;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Follows identity's change stream with the platform's follower (offset in this service's database
 * under consumer "alert-notification", at least once, reconnecting with back-off): MERGED moves alerts, deliveries and leads to the survivor;
 * FORGOTTEN erases them. An UNMERGED person's alerts stay with the survivor (they were addressed to
 * agents about the merged person; splitting them would guess).
 */
@ApplicationScoped
public class IdentityChanges {

    @GrpcClient("identity")
    Channel identity;
    @Inject
    MongoDatabase database;
    @Inject
    AlertsConfig config;
    @Inject
    ForgetService forget;

    private IdentityChangeFollower follower;

    void start(@Observes StartupEvent event) {
        follower = IdentityEvent.follow(config.followIdentityChanges(), identity, database, "alert-notification",
                this::apply);
    }

    void apply(IdentityEvent change) {
        if (change instanceof IdentityEvent.Merged m) {
            forget.merge(m.mergedPersonId(), m.survivorPersonId());
        } else if (change instanceof IdentityEvent.Forgotten f) {
            Set<String> ids = new LinkedHashSet<>();
            ids.add(f.personId());
            ids.addAll(f.mergedPersonIds());
            forget.erase(ids);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        IdentityChangeFollower.stop(follower);
    }
}
