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

import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.identity.IdentityChangeFollower;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.service.ForgetService;
import io.crowsnest.profile.service.MergeService;
import io.crowsnest.profile.store.PersonStore;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.StartupEvent;

/**
 * Follows identity's change stream (the platform's follower: offset in profile's own database,
 * reconnection with back-off, at least once) and applies each change: MERGED and UNMERGED to the
 * lineage (MergeService), FORGOTTEN by erasing the person and every id merged into it (ForgetService).
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
        follower = IdentityChangeFollower.startIf(config.followIdentityChanges(), identity, database, "profile",
                this::apply);
    }

    void apply(IdentityChange change) {
        Instant at = Timestamps.instant(change.getOccurredAt()).truncatedTo(ChronoUnit.MILLIS);
        switch (change.getPayloadCase()) {
            case MERGED -> merges.merged(change.getMerged().getMergeId(), change.getMerged().getSurvivorPersonId(),
                    change.getMerged().getMergedPersonId(), at);
            case UNMERGED -> merges.unmerged(change.getUnmerged().getMergeId(),
                    change.getUnmerged().getSurvivorPersonId(), change.getUnmerged().getRestoredPersonId(), at);
            case FORGOTTEN -> {
                List<String> ids = new ArrayList<>(List.of(change.getForgotten().getPersonId()));
                ids.addAll(change.getForgotten().getMergedPersonIdsList());
                persons.find(change.getForgotten().getPersonId()).ifPresent(p -> ids.addAll(p.members()));
                forgetting.erase(ids, at);
            }
            default -> LOG.warnf("identity change %d of an unknown kind skipped", change.getOffset());
        }
    }

    @PreDestroy
    void stop() {
        IdentityChangeFollower.stop(follower);
    }
}
