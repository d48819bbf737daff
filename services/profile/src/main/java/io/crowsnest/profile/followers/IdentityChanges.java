package io.crowsnest.profile.followers;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.platform.identity.IdentityChangeFollower;
import io.crowsnest.platform.identity.IdentityEvent;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.service.ForgetService;
import io.crowsnest.profile.service.MergeService;
import io.crowsnest.profile.store.PersonStore;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.StartupEvent;

/**
 * Follows identity's change stream with the platform's follower (offset in profile's own database
 * under consumer "profile", at least once, reconnecting with back-off) and applies each change: MERGED and UNMERGED to the lineage (MergeService),
 * FORGOTTEN by erasing the person and every id merged into it (ForgetService).
 */
@ApplicationScoped
public class IdentityChanges {

    private static final Logger LOG = Logger.getLogger(IdentityChanges.class);

    @GrpcClient("identity")
    Channel identity;
    @Inject
    MongoDatabase database;
    @Inject
    ProfileConfig config;
    @Inject
    MergeService merges;
    @Inject
    ForgetService forgetting;
    @Inject
    PersonStore persons;

    private IdentityChangeFollower follower;

    void start(@Observes StartupEvent started) {
        follower = IdentityEvent.follow(config.followIdentityChanges(), identity, database, "profile", this::apply);
    }

    void apply(IdentityEvent change) {
        if (change instanceof IdentityEvent.Merged m) {
            merges.merged(m.mergeId(), m.survivorPersonId(), m.mergedPersonId(), millis(m.occurredAt()));
        } else if (change instanceof IdentityEvent.Unmerged u) {
            merges.unmerged(u.mergeId(), u.survivorPersonId(), u.restoredPersonId(), millis(u.occurredAt()));
        } else if (change instanceof IdentityEvent.Forgotten f) {
            List<String> ids = new ArrayList<>(List.of(f.personId()));
            ids.addAll(f.mergedPersonIds());
            persons.find(f.personId()).ifPresent(p -> ids.addAll(p.members()));
            forgetting.erase(ids, millis(f.occurredAt()));
        } else {
            LOG.warnf("identity change %d of an unknown kind skipped", change.offset());
        }
    }

    /** The change's time to the millisecond; a change without one counts as of the epoch. */
    private static Instant millis(Instant at) {
        return at == null ? Instant.EPOCH : at.truncatedTo(ChronoUnit.MILLIS);
    }

    @PreDestroy
    void stop() {
        IdentityChangeFollower.stop(follower);
    }
}
