package io.crowsnest.decisioning.followers;

import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.service.ForgetService;
import io.crowsnest.decisioning.service.MergeService;
import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.platform.identity.IdentityChangeFollower;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.StartupEvent;

/**
 * Follows identity's change stream (offset in decisioning's own database, at least once): MERGED
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
        follower = IdentityChangeFollower.startIf(config.followIdentityChanges(), identity, database, "decisioning",
                this::apply);
    }

    void apply(IdentityChange change) {
        switch (change.getPayloadCase()) {
            case MERGED -> merges.merge(change.getMerged().getMergedPersonId(),
                    change.getMerged().getSurvivorPersonId());
            case FORGOTTEN -> forget.forget(change.getForgotten().getPersonId(),
                    List.copyOf(change.getForgotten().getMergedPersonIdsList()));
            case UNMERGED -> LOG.debugf("identity change %d (unmerge) leaves decisions with the survivor",
                    change.getOffset());
            default -> LOG.warnf("identity change %d of an unknown kind skipped", change.getOffset());
        }
    }

    @PreDestroy
    void stop() {
        IdentityChangeFollower.stop(follower);
    }
}
