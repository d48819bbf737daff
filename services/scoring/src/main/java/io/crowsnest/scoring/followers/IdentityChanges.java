package io.crowsnest.scoring.followers;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.platform.identity.IdentityChangeFollower;
import io.crowsnest.platform.identity.IdentityEvent;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.service.ForgetService;
import io.crowsnest.scoring.service.MergeService;
import io.crowsnest.scoring.store.LiveStore;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.StartupEvent;

/**
 * Applies identity's changes to scoring's data: MERGED combines the merged person into the
 * survivor (MergeService, idempotent by merge id), FORGOTTEN erases the person and every id merged
 * into it as ForgetPerson does (the idempotency key is the change's offset, so a redelivered
 * change changes nothing more). UNMERGED is applied in part only: see {@link #apply}.
 */
@ApplicationScoped
public class IdentityChanges {

    private static final Logger LOG = Logger.getLogger(IdentityChanges.class);

    @GrpcClient("identity")
    Channel identity;
    @Inject
    MongoDatabase database;
    @Inject
    ForgetService forgets;
    @Inject
    MergeService merges;
    @Inject
    LiveStore live;
    @Inject
    ScoringConfig config;

    private IdentityChangeFollower follower;

    void start(@Observes StartupEvent event) {
        follower = IdentityEvent.follow(config.followIdentityChanges(), identity, database, "scoring", this::apply);
    }

    /**
     * UNMERGED is applied only in part: the restored person's alias is removed, so that its next
     * events are its own again, but the survivor keeps everything it absorbed. Scoring cannot split
     * the survivor faithfully: its retained events (the last 100 within 90 days) carry no lineage,
     * and counters, sessions and decayed scores older than them are not kept per event, so
     * "recompute both from their retained events" would lose or invent history (see docs/scoring.md).
     */
    void apply(IdentityEvent change) {
        if (change instanceof IdentityEvent.Merged m) {
            merges.merge(m.mergeId(), m.mergedPersonId(), m.survivorPersonId());
        } else if (change instanceof IdentityEvent.Forgotten f) {
            forgets.forgottenByIdentity(f.offset(), f.personId(), f.mergedPersonIds());
        } else if (change instanceof IdentityEvent.Unmerged u) {
            live.dropAlias(u.restoredPersonId(), u.survivorPersonId());
            LOG.warnf("identity change %d: unmerge %s NOT split: scores, features and memberships stay with"
                    + " survivor %s (retained events carry no lineage); %s starts afresh with its next event",
                    u.offset(), u.mergeId(), u.survivorPersonId(), u.restoredPersonId());
        } else {
            LOG.warnf("identity change %d of an unknown kind skipped", change.offset());
        }
    }

    @PreDestroy
    void stop() {
        IdentityChangeFollower.stop(follower);
    }
}
