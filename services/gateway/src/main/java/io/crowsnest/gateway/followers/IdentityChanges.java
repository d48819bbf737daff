package io.crowsnest.gateway.followers;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.service.AccessAuditService;
import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.platform.identity.IdentityChangeFollower;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Follows identity's change stream: when a person is FORGOTTEN, the access audit's records of it
 * (and of the persons merged into it) keep only a pseudonym. Merges change nothing: the audit
 * records which id was read at the time.
 */
@ApplicationScoped
public class IdentityChanges {

    @GrpcClient("identity")
    Channel identity;
    @Inject
    MongoDatabase database;
    @Inject
    GatewaySettings settings;
    @Inject
    AccessAuditService audit;

    private IdentityChangeFollower follower;

    void start(@Observes StartupEvent event) {
        follower = IdentityChangeFollower.startIf(settings.followIdentityChanges(), identity, database, "gateway",
                this::apply);
    }

    /** Applies one change (idempotent: a second erasure of the same ids finds nothing left). */
    public void apply(IdentityChange change) {
        if (change.hasForgotten()) {
            Set<String> ids = new LinkedHashSet<>();
            ids.add(change.getForgotten().getPersonId());
            ids.addAll(change.getForgotten().getMergedPersonIdsList());
            audit.erase(ids);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        IdentityChangeFollower.stop(follower);
    }
}
