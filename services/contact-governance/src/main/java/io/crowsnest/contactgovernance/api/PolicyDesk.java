package io.crowsnest.contactgovernance.api;

import java.time.Clock;

import io.crowsnest.platform.idempotency.Idempotency;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.store.PolicyStore;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionRequest;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionResponse;
import io.crowsnest.contactgovernance.v1.GetPolicyRequest;
import io.crowsnest.contactgovernance.v1.GetPolicyResponse;
import io.crowsnest.contactgovernance.v1.ListPoliciesRequest;
import io.crowsnest.contactgovernance.v1.ListPoliciesResponse;
import io.crowsnest.contactgovernance.v1.ListPolicyVersionsRequest;
import io.crowsnest.contactgovernance.v1.ListPolicyVersionsResponse;
import io.crowsnest.contactgovernance.v1.PolicyAuditAction;
import io.crowsnest.contactgovernance.v1.PolicyAuditEntry;
import io.crowsnest.contactgovernance.v1.PolicySummary;
import io.crowsnest.contactgovernance.v1.PolicyVersion;
import io.crowsnest.contactgovernance.v1.PolicyVersionRef;
import io.crowsnest.contactgovernance.v1.PolicyVersionState;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.crowsnest.contactgovernance.v1.UpsertPolicyResponse;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;

/** Policy versions: written as drafts with an audited diff, activated atomically, rolled back by reactivation. */
@ApplicationScoped
public class PolicyDesk {

    @Inject
    Clock clock;

    private static final Pattern POLICY_ID = Pattern.compile("[a-z0-9-]{1,64}");

    @Inject
    PolicyStore store;
    @Inject
    GoverningPolicy governing;
    @Inject
    Idempotency idempotency;

    public UpsertPolicyResponse upsert(UpsertPolicyRequest request) {
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        PolicyValidator.validate(request.getPolicy(), "policy", v);
        actor(request.getActor(), v);
        if (request.getChangeNote().length() > 1024) {
            v.add("change_note", "must be at most 1,024 characters");
        }
        if (request.getBaseVersion() < 0) {
            v.add("base_version", "must be 0 (new policy) or the version the edit is based on");
        }
        if (!request.getValidateOnly()) {
            ContactChecks.idempotencyKey(request.getIdempotencyKey(), v);
        }
        v.throwIfAny();
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
            throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "POLICY_ALREADY_EXISTS", "policy '" + policyId
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

    public GetPolicyResponse get(GetPolicyRequest request) {
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        if (!request.getPolicyId().isEmpty() && !POLICY_ID.matcher(request.getPolicyId()).matches()) {
            v.add("policy_id", "must be 1 to 64 characters of a-z, 0-9 and -");
        }
        if (request.getVersion() < 0) {
            v.add("version", "must not be negative");
        }
        v.throwIfAny();
        Optional<PolicyStore.Governing> governing = store.governing();
        String policyId = request.getPolicyId();
        if (policyId.isEmpty()) {
            policyId = governing.map(PolicyStore.Governing::policyId).orElseThrow(() -> GrpcErrors.error(
                    Status.Code.NOT_FOUND, "POLICY_NOT_FOUND", "no policy governs yet; name a policy_id"));
        }
        long version = request.getVersion();
        if (version == 0) {
            String id = policyId;
            version = governing.filter(g -> g.policyId().equals(id)).map(PolicyStore.Governing::version)
                    .orElseGet(() -> store.latest(id).map(PolicyVersion::getVersion).orElseThrow(() -> notFound(id)));
        }
        return GetPolicyResponse.newBuilder().setPolicyVersion(version(policyId, version)).build();
    }

    public ListPoliciesResponse list(ListPoliciesRequest request) {
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        Pages.Page page = Pages.read(request.getPage(), "policies", "page", v);
        v.throwIfAny();
        Optional<PolicyStore.Governing> governing = store.governing();
        List<PolicyVersion> latest = store.latestOfEach(page.offset(), page.size());
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
        out.getPageBuilder().setNextPageToken(Pages.next(page, latest.size(), "policies"));
        return out.build();
    }

    public ListPolicyVersionsResponse versions(ListPolicyVersionsRequest request) {
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        policyId(request.getPolicyId(), v);
        Pages.Page page = Pages.read(request.getPage(), "versions:" + request.getPolicyId(), "page", v);
        v.throwIfAny();
        if (store.latest(request.getPolicyId()).isEmpty()) {
            throw notFound(request.getPolicyId());
        }
        List<PolicyVersion> versions = store.versions(request.getPolicyId(), page.offset(), page.size());
        ListPolicyVersionsResponse.Builder out = ListPolicyVersionsResponse.newBuilder().addAllVersions(versions);
        out.getPageBuilder().setNextPageToken(Pages.next(page, versions.size(), "versions:" + request.getPolicyId()));
        return out.build();
    }

    public ActivatePolicyVersionResponse activate(ActivatePolicyVersionRequest request) {
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        policyId(request.getPolicyId(), v);
        if (request.getVersion() < 1) {
            v.add("version", "must be 1 or more, got " + request.getVersion());
        }
        actor(request.getActor(), v);
        if (request.getChangeNote().length() > 1024) {
            v.add("change_note", "must be at most 1,024 characters");
        }
        ContactChecks.idempotencyKey(request.getIdempotencyKey(), v);
        v.throwIfAny();
        return idempotency.once("ActivatePolicyVersion", request.getIdempotencyKey(), request,
                ActivatePolicyVersionResponse.parser(), () -> {
                    Instant now = clock.instant();
                    version(request.getPolicyId(), request.getVersion());
                    Optional<PolicyStore.Governing> before = store.governing();
                    if (request.hasExpectedActive() && (before.isEmpty()
                            || !before.get().policyId().equals(request.getExpectedActive().getPolicyId())
                            || before.get().version() != request.getExpectedActive().getVersion())) {
                        throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "POLICY_VERSION_CONFLICT",
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
                        throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "POLICY_VERSION_CONFLICT",
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
                : GrpcErrors.error(Status.Code.NOT_FOUND, "POLICY_VERSION_NOT_FOUND",
                        "policy '" + policyId + "' has no version " + version));
    }

    private static PolicyVersionRef ref(String policyId, long version) {
        return PolicyVersionRef.newBuilder().setPolicyId(policyId).setVersion(version).build();
    }

    private static void policyId(String id, GrpcErrors.Violations v) {
        if (!POLICY_ID.matcher(id).matches()) {
            v.add("policy_id", id.isEmpty() ? "is required" : "must be 1 to 64 characters of a-z, 0-9 and -");
        }
    }

    private static void actor(String actor, GrpcErrors.Violations v) {
        if (actor.isEmpty() || actor.length() > 128) {
            v.add("actor", "must name who makes the change, 1 to 128 characters");
        }
    }

    private static RuntimeException notFound(String policyId) {
        return GrpcErrors.error(Status.Code.NOT_FOUND, "POLICY_NOT_FOUND", "no policy '" + policyId + "'");
    }

    private static RuntimeException conflict(String policyId, long base) {
        return GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "POLICY_VERSION_CONFLICT", "policy '" + policyId
                + "' has moved on since version " + base + "; re-read the latest version and edit that");
    }
}
