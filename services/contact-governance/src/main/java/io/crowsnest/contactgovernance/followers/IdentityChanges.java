package io.crowsnest.contactgovernance.followers;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.contactgovernance.config.GovernanceConfig;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.service.ForgetService;
import io.crowsnest.contactgovernance.service.MergeService;
import io.crowsnest.platform.identity.IdentityChangeFollower;
import io.crowsnest.platform.identity.IdentityEvent;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.StartupEvent;

/**
 * Applies identity's changes, followed with the platform's follower (offset in governance's database
 * under consumer "contact-governance", at least once, reconnecting with back-off), to governance's
 * data: MERGED combines the two persons' ledgers,
 * counters, reservations and consents (MergeService), FORGOTTEN erases them (ForgetService). The idempotency
 * key is the change's offset, so a redelivered change changes nothing more. UNMERGED leaves the
 * contact history with the survivor: counting the restored person's past contacts against the
 * survivor too can only make caps stricter, never let a customer be over-contacted.
 */
@ApplicationScoped
public class IdentityChanges {

    private static final Logger LOG = Logger.getLogger(IdentityChanges.class);
    private static final String SYSTEM = "identity-stream";

    @GrpcClient("identity")
    Channel identity;
    @Inject
    MongoDatabase database;
    @Inject
    MergeService merges;
    @Inject
    ForgetService erasure;
    @Inject
    GovernanceConfig config;

    private IdentityChangeFollower follower;

    void start(@Observes StartupEvent event) {
        follower = IdentityEvent.follow(config.followIdentityChanges(), identity, database, "contact-governance",
                this::apply);
    }

    void apply(IdentityEvent change) {
        String key = "identity-change-" + change.offset();
        if (change instanceof IdentityEvent.Merged m) {
            ignoringSettled(() -> merges.merge(m.mergedPersonId(), m.survivorPersonId(), m.mergeId(), SYSTEM, key),
                    change);
        } else if (change instanceof IdentityEvent.Forgotten f) {
            ignoringSettled(() -> forget(f.personId(), key), change);
            for (String merged : f.mergedPersonIds()) {
                ignoringSettled(() -> forget(merged, key + "-" + merged), change);
            }
        } else if (change instanceof IdentityEvent.Unmerged u) {
            LOG.infof("unmerge %s: contact history stays with survivor %s (the stricter choice)", u.mergeId(),
                    u.survivorPersonId());
        } else {
            LOG.warnf("identity change %d of an unknown kind skipped", change.offset());
        }
    }

    private void forget(String personId, String key) {
        erasure.forget(personId, "IDENTITY_FORGOTTEN", "erased by identity", SYSTEM, key);
    }

    /** Runs a step; outcomes that retrying cannot change (unknown person, already merged) are settled. */
    private static void ignoringSettled(Runnable step, IdentityEvent change) {
        try {
            step.run();
        } catch (GovernanceException e) {
            GovernanceException.Kind kind = e.kind();
            if (kind == GovernanceException.Kind.NOT_FOUND || kind == GovernanceException.Kind.FAILED_PRECONDITION
                    || kind == GovernanceException.Kind.INVALID_ARGUMENT) {
                LOG.infof("identity change %d settled without effect: %s", change.offset(), e.getMessage());
                return;
            }
            throw e;
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND || code == Status.Code.FAILED_PRECONDITION
                    || code == Status.Code.INVALID_ARGUMENT) {
                LOG.infof("identity change %d settled without effect: %s", change.offset(),
                        e.getStatus().getDescription());
                return;
            }
            throw e;
        }
    }

    @PreDestroy
    void stop() {
        IdentityChangeFollower.stop(follower);
    }
}
