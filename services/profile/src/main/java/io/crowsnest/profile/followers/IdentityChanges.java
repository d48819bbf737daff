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

import io.crowsnest.profile.client.IdentityChangeStream;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.IdentityEvent;
import io.crowsnest.profile.service.ForgetService;
import io.crowsnest.profile.service.MergeService;
import io.crowsnest.profile.store.PersonStore;
import io.quarkus.runtime.StartupEvent;

/**
 * Follows identity's change stream (client/IdentityChangeStream: offset in profile's own database,
 * at least once) and applies each change: MERGED and UNMERGED to the lineage (MergeService),
 * FORGOTTEN by erasing the person and every id merged into it (ForgetService).
 */
@ApplicationScoped
public class IdentityChanges {

    private static final Logger LOG = Logger.getLogger(IdentityChanges.class);

    @Inject
    IdentityChangeStream changes;
    @Inject
    ProfileConfig config;
    @Inject
    MergeService merges;
    @Inject
    ForgetService forgetting;
    @Inject
    PersonStore persons;

    private AutoCloseable following;

    void start(@Observes StartupEvent started) {
        following = changes.follow(config.followIdentityChanges(), "profile", this::apply);
    }

    void apply(IdentityEvent change) {
        if (change instanceof IdentityEvent.Merged m) {
            merges.merged(m.mergeId(), m.survivorPersonId(), m.mergedPersonId(), millis(m.at()));
        } else if (change instanceof IdentityEvent.Unmerged u) {
            merges.unmerged(u.mergeId(), u.survivorPersonId(), u.restoredPersonId(), millis(u.at()));
        } else if (change instanceof IdentityEvent.Forgotten f) {
            List<String> ids = new ArrayList<>(List.of(f.personId()));
            ids.addAll(f.mergedPersonIds());
            persons.find(f.personId()).ifPresent(p -> ids.addAll(p.members()));
            forgetting.erase(ids, millis(f.at()));
        } else {
            LOG.warnf("identity change %d of an unknown kind skipped", change.offset());
        }
    }

    private static Instant millis(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS);
    }

    @PreDestroy
    void stop() throws Exception {
        if (following != null) {
            following.close();
        }
    }
}
