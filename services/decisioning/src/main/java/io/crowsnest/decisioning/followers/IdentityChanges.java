package io.crowsnest.decisioning.followers;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.service.ForgetService;
import io.crowsnest.decisioning.service.MergeService;
import io.crowsnest.platform.identity.IdentityChangeFollower;
import io.crowsnest.platform.identity.IdentityEvent;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.StartupEvent;

/**
 * Follows identity's change stream with the platform's follower (offset in decisioning's own
 * database under consumer "decisioning", at least once, reconnecting with back-off): MERGED
 * combines the persons' decision logs and cooldowns, FORGOTTEN erases the person and every id merged
 * into it. An UNMERGED leaves decisions with the survivor (they were made for the merged person).
 */
@ApplicationScoped
public class IdentityChanges {

    private static final Logger LOG = Logger.getLogger(IdentityChanges.class);

    @GrpcClient("identity")
    Channel identity;
    @Inject
    MongoDatabase database;
    @Inject
    DecisioningConfig config;
    @Inject
    MergeService merges;
    @Inject
    ForgetService forget;

    private IdentityChangeFollower follower;

    void start(@Observes StartupEvent started) {
        follower = IdentityEvent.follow(config.followIdentityChanges(), identity, database, "decisioning", this::apply);
    }

    void apply(IdentityEvent change) {
        if (change instanceof IdentityEvent.Merged m) {
            merges.merge(m.mergedPersonId(), m.survivorPersonId());
        } else if (change instanceof IdentityEvent.Forgotten f) {
            forget.forget(f.personId(), f.mergedPersonIds());
        } else if (change instanceof IdentityEvent.Unmerged) {
            LOG.debugf("identity change %d (unmerge) leaves decisions with the survivor", change.offset());
        } else {
            LOG.warnf("identity change %d of an unknown kind skipped", change.offset());
        }
    }

    @PreDestroy
    void stop() {
        IdentityChangeFollower.stop(follower);
    }
}
