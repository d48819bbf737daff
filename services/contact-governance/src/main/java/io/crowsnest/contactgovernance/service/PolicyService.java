package io.crowsnest.contactgovernance.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.PolicyNotFound;
import io.crowsnest.contactgovernance.domain.PolicyVersionConflict;
import io.crowsnest.contactgovernance.store.PolicyStore;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionRequest;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionResponse;
import io.crowsnest.contactgovernance.v1.GetPolicyRequest;
import io.crowsnest.contactgovernance.v1.GetPolicyResponse;
import io.crowsnest.contactgovernance.v1.ListPoliciesResponse;
import io.crowsnest.contactgovernance.v1.PolicyAuditAction;
import io.crowsnest.contactgovernance.v1.PolicyAuditEntry;
import io.crowsnest.contactgovernance.v1.PolicySummary;
import io.crowsnest.contactgovernance.v1.PolicyVersion;
import io.crowsnest.contactgovernance.v1.PolicyVersionRef;
import io.crowsnest.contactgovernance.v1.PolicyVersionState;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.crowsnest.contactgovernance.v1.UpsertPolicyResponse;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;

/** Policy versions: written as drafts with an audited diff, activated atomically, rolled back by reactivation. */
@ApplicationScoped
public class PolicyService {

    @Inject
    PolicyStore store;
    @Inject
    GoverningPolicy governing;
    @Inject
    Idempotency idempotency;
    @Inject
    Clock clock;

    /** UpsertPolicy of a checked request: validate_only answers the would-be draft and stores nothing. */
    public UpsertPolicyResponse upsert(UpsertPolicyRequest request) {
        if (request.getValidateOnly()) {
            return UpsertPolicyResponse.newBuilder().setPolicyVersion(draft(request, clock.instant())).build();
        }
        return idempotency.once("UpsertPolicy", request.getIdempotencyKey(), request, UpsertPolicyResponse.parser(),
                () -> {
                    Instant now = clock.instant();
                    PolicyVersion version = draft(request, now);
                    if (!store.insert(version, now)) {
                        throw conflict(request.getPolicy().getPolicyId(), request.getBaseVersion());
                    }
                    return UpsertPolicyResponse.newBuilder().setPolicyVersion(version).build();
                });
    }

    /** The would-be version, after the version checks. */
    private PolicyVersion draft(UpsertPolicyRequest request, Instant now) {
        String policyId = request.getPolicy().getPolicyId();
        Optional<PolicyVersion> latest = store.latest(policyId);
        long base = request.getBaseVersion();
        if (base == 0 && latest.isPresent()) {
            throw new GovernanceException(GovernanceException.Kind.FAILED_PRECONDITION, "POLICY_ALREADY_EXISTS",
                    "policy '" + policyId
                    + "' exists (latest version " + latest.get().getVersion()
                    + "); pass base_version to write a new version");
        }
        if (base > 0 && latest.isEmpty()) {
            throw notFound(policyId);
        }
        if (base > 0 && latest.get().getVersion() != base) {
            throw conflict(policyId, base);
        }
        PolicyVersion before = base == 0 ? null : latest.get();
        PolicyAuditEntry created = PolicyAuditEntry.newBuilder()
                .setAction(PolicyAuditAction.POLICY_AUDIT_ACTION_CREATED)
                .setActor(request.getActor())
                .setAt(Timestamps.of(now))
                .setNote(request.getChangeNote())
                .addAllChanges(PolicyDiff.changes(before == null ? null : before.getPolicy(), request.getPolicy()))
                .build();
        return PolicyVersion.newBuilder()
                .setPolicy(request.getPolicy())
                .setVersion(base + 1)
                .setState(PolicyVersionState.POLICY_VERSION_STATE_DRAFT)
                .setBaseVersion(base)
                .addAudit(created)
                .build();
    }

    /** GetPolicy: the version asked, or the governing one, or the policy's latest. */
    public GetPolicyResponse get(GetPolicyRequest request) {
        Optional<PolicyStore.Governing> governing = store.governing();
        String policyId = request.getPolicyId();
        if (policyId.isEmpty()) {
            policyId = governing.map(PolicyStore.Governing::policyId).orElseThrow(() -> new PolicyNotFound(
                    "POLICY_NOT_FOUND", "no policy governs yet; name a policy_id"));
        }
        long version = request.getVersion();
        if (version == 0) {
            String id = policyId;
            version = governing.filter(g -> g.policyId().equals(id)).map(PolicyStore.Governing::version)
                    .orElseGet(() -> store.latest(id).map(PolicyVersion::getVersion).orElseThrow(() -> notFound(id)));
        }
        return GetPolicyResponse.newBuilder().setPolicyVersion(version(policyId, version)).build();
    }

    /** ListPolicies: each policy's latest version with the governing one marked; the page token is the adapter's. */
    public ListPoliciesResponse list(int offset, int size) {
        Optional<PolicyStore.Governing> governing = store.governing();
        List<PolicyVersion> latest = store.latestOfEach(offset, size);
        ListPoliciesResponse.Builder out = ListPoliciesResponse.newBuilder();
        for (PolicyVersion pv : latest) {
            PolicyAuditEntry created = pv.getAudit(0);
            String id = pv.getPolicy().getPolicyId();
            out.addPolicies(PolicySummary.newBuilder().setPolicyId(id).setDisplayName(pv.getPolicy().getDisplayName())
                    .setLatestVersion(pv.getVersion())
                    .setActiveVersion(governing.filter(g -> g.policyId().equals(id))
                            .map(PolicyStore.Governing::version).orElse(0L))
                    .setUpdatedAt(created.getAt()).setUpdatedBy(created.getActor()));
        }
        governing.ifPresent(g -> out.setGoverning(ref(g.policyId(), g.version())));
        return out.build();
    }

    /** ListPolicyVersions: one page of a policy's versions; NOT_FOUND when the policy does not exist. */
    public List<PolicyVersion> versions(String policyId, int offset, int size) {
        if (store.latest(policyId).isEmpty()) {
            throw PolicyNotFound.policy(policyId);
        }
        return store.versions(policyId, offset, size);
    }

    /** ActivatePolicyVersion of a checked request, once per idempotency key; re-activating an older version rolls back. */
    public ActivatePolicyVersionResponse activate(ActivatePolicyVersionRequest request) {
        return idempotency.once("ActivatePolicyVersion", request.getIdempotencyKey(), request,
                ActivatePolicyVersionResponse.parser(), () -> {
                    Instant now = clock.instant();
                    version(request.getPolicyId(), request.getVersion());
                    Optional<PolicyStore.Governing> before = store.governing();
                    if (request.hasExpectedActive() && (before.isEmpty()
                            || !before.get().policyId().equals(request.getExpectedActive().getPolicyId())
                            || before.get().version() != request.getExpectedActive().getVersion())) {
                        throw new PolicyVersionConflict(
                                "expected " + request.getExpectedActive().getPolicyId() + " v"
                                        + request.getExpectedActive().getVersion() + " to govern, but "
                                        + before.map(g -> g.policyId() + " v" + g.version()).orElse("none") + " does");
                    }
                    ActivatePolicyVersionResponse.Builder out = ActivatePolicyVersionResponse.newBuilder();
                    before.ifPresent(g -> out.setPrevious(ref(g.policyId(), g.version())));
                    if (before.isPresent() && before.get().policyId().equals(request.getPolicyId())
                            && before.get().version() == request.getVersion()) {
                        return out.setPolicyVersion(version(request.getPolicyId(), request.getVersion()))
                                .setActivatedAt(Timestamps.of(before.get().activatedAt())).build();
                    }
                    if (!store.switchGoverning(before.orElse(null), request.getPolicyId(), request.getVersion(), now)) {
                        throw new PolicyVersionConflict(
                                "another activation happened at the same time; read the governing version and retry");
                    }
                    governing.switched();
                    PolicyAuditEntry.Builder activated = PolicyAuditEntry.newBuilder()
                            .setAction(PolicyAuditAction.POLICY_AUDIT_ACTION_ACTIVATED).setActor(request.getActor())
                            .setAt(Timestamps.of(now)).setNote(request.getChangeNote());
                    before.ifPresent(g -> activated.setReplaced(ref(g.policyId(), g.version())));
                    store.audit(request.getPolicyId(), request.getVersion(), activated.build(), true);
                    before.ifPresent(g -> store.audit(g.policyId(), g.version(), PolicyAuditEntry.newBuilder()
                            .setAction(PolicyAuditAction.POLICY_AUDIT_ACTION_DEACTIVATED).setActor(request.getActor())
                            .setAt(Timestamps.of(now)).setNote(request.getChangeNote())
                            .setReplacedBy(ref(request.getPolicyId(), request.getVersion())).build(), false));
                    return out.setPolicyVersion(version(request.getPolicyId(), request.getVersion()))
                            .setActivatedAt(Timestamps.of(now)).build();
                });
    }

    private PolicyVersion version(String policyId, long version) {
        return store.find(policyId, version).orElseThrow(() -> store.latest(policyId).isEmpty() ? notFound(policyId)
: new PolicyNotFound("POLICY_VERSION_NOT_FOUND",
                        "policy '" + policyId + "' has no version " + version));
    }

    private static PolicyVersionRef ref(String policyId, long version) {
        return PolicyVersionRef.newBuilder().setPolicyId(policyId).setVersion(version).build();
    }

    private static GovernanceException notFound(String policyId) {
        return PolicyNotFound.policy(policyId);
    }

    private static GovernanceException conflict(String policyId, long base) {
        return new PolicyVersionConflict("policy '" + policyId
                + "' has moved on since version " + base + "; re-read the latest version and edit that");
    }
}
