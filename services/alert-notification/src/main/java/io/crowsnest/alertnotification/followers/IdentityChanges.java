package io.crowsnest.alertnotification.followers;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.alertnotification.config.AlertsConfig;
import io.crowsnest.alertnotification.service.ForgetService;
import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.platform.identity.IdentityChangeFollower;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Follows identity's change stream with the platform's follower: MERGED moves alerts, deliveries and
 * leads to the survivor; FORGOTTEN erases them. An UNMERGED person's alerts stay with the survivor
 * (they were addressed to agents about the merged person; splitting them would guess).
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
        follower = IdentityChangeFollower.startIf(config.followIdentityChanges(), identity, database,
                "alert-notification", this::apply);
    }

    void apply(IdentityChange change) {
        if (change.hasMerged()) {
            forget.merge(change.getMerged().getMergedPersonId(), change.getMerged().getSurvivorPersonId());
        } else if (change.hasForgotten()) {
            Set<String> ids = new LinkedHashSet<>();
            ids.add(change.getForgotten().getPersonId());
            ids.addAll(change.getForgotten().getMergedPersonIdsList());
            forget.erase(ids);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        IdentityChangeFollower.stop(follower);
    }
}
