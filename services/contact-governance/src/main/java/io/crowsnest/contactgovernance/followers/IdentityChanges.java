package io.crowsnest.contactgovernance.followers;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.common.v1.Reason;
import io.crowsnest.contactgovernance.config.GovernanceConfig;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.service.ForgetService;
import io.crowsnest.contactgovernance.service.MergeService;
import io.crowsnest.contactgovernance.v1.ForgetPersonRequest;
import io.crowsnest.contactgovernance.v1.MergePersonsRequest;
import io.crowsnest.identity.v1.IdentityChange;
import io.crowsnest.platform.identity.IdentityChangeFollower;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.StartupEvent;

/**
 * Applies identity's changes to governance's data: MERGED combines the two persons' ledgers,
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
        follower = IdentityChangeFollower.startIf(config.followIdentityChanges(), identity, database,
                "contact-governance", this::apply);
    }

    void apply(IdentityChange change) {
        String key = "identity-change-" + change.getOffset();
        switch (change.getPayloadCase()) {
            case MERGED -> ignoringSettled(() -> merges.merge(MergePersonsRequest.newBuilder()
                    .setMergedPersonId(change.getMerged().getMergedPersonId())
                    .setSurvivorPersonId(change.getMerged().getSurvivorPersonId())
                    .setMergeId(change.getMerged().getMergeId()).setRequestingSystem(SYSTEM).setIdempotencyKey(key)
                    .build()), change);
            case FORGOTTEN -> {
                ignoringSettled(() -> erasure.forget(forget(change.getForgotten().getPersonId(), key)), change);
                for (String merged : change.getForgotten().getMergedPersonIdsList()) {
                    ignoringSettled(() -> erasure.forget(forget(merged, key + "-" + merged)), change);
                }
            }
            case UNMERGED -> LOG.infof("unmerge %s: contact history stays with survivor %s (the stricter choice)",
                    change.getUnmerged().getMergeId(), change.getUnmerged().getSurvivorPersonId());
            default -> LOG.warnf("identity change %d of an unknown kind skipped", change.getOffset());
        }
    }

    private static ForgetPersonRequest forget(String personId, String key) {
        return ForgetPersonRequest.newBuilder().setPersonId(personId).setReason(Reason.newBuilder()
                .setCode("IDENTITY_FORGOTTEN").setMessage("erased by identity"))
                .setRequestingSystem(SYSTEM).setIdempotencyKey(key).build();
    }

    /** Runs a step; outcomes that retrying cannot change (unknown person, already merged) are settled. */
    private static void ignoringSettled(Runnable step, IdentityChange change) {
        try {
            step.run();
        } catch (GovernanceException e) {
            GovernanceException.Kind kind = e.kind();
            if (kind == GovernanceException.Kind.NOT_FOUND || kind == GovernanceException.Kind.FAILED_PRECONDITION
                    || kind == GovernanceException.Kind.INVALID_ARGUMENT) {
                LOG.infof("identity change %d settled without effect: %s", change.getOffset(), e.getMessage());
                return;
            }
            throw e;
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND || code == Status.Code.FAILED_PRECONDITION
                    || code == Status.Code.INVALID_ARGUMENT) {
                LOG.infof("identity change %d settled without effect: %s", change.getOffset(),
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
