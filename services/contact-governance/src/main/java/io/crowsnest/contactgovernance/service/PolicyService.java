package io.crowsnest.contactgovernance.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.PolicyAuditEntry;
import io.crowsnest.contactgovernance.domain.PolicyNotFound;
import io.crowsnest.contactgovernance.domain.PolicyRef;
import io.crowsnest.contactgovernance.domain.PolicyVersion;
import io.crowsnest.contactgovernance.domain.PolicyVersionConflict;
import io.crowsnest.contactgovernance.store.PolicyStore;

/**
 * Policy versions: written as drafts with an audited diff, activated atomically, rolled back by
 * reactivation. The adapter runs the writes once per idempotency key.
 */
@ApplicationScoped
public class PolicyService {

    @Inject
    PolicyStore store;
    @Inject
    GoverningPolicy governing;
    @Inject
    PolicyContents contents;
    @Inject
    Clock clock;

    /** A checked edit: a new policy (base version 0) or a new version of the policy at {@code baseVersion}. */
    public record Upsert(PolicyVersion.Content policy, long baseVersion, String actor, String changeNote) {
    }

    /** A checked activation; {@code expectedActive} (null: no expectation) must govern now for it to happen. */
    public record Activate(String policyId, long version, String actor, String changeNote, PolicyRef expectedActive) {
    }

    /** What an activation answers: the version governing before (null: none), the one governing now, and since when. */
    public record Activated(PolicyRef previous, PolicyVersion version, Instant activatedAt) {
    }

    /** One policy in a listing: its latest version, the version of it that governs (0: none), and who last wrote it. */
    public record Summary(String policyId, String displayName, long latestVersion, long activeVersion,
            Instant updatedAt, String updatedBy) {
    }

    /** A page of policies and the version governing now (null: none yet). */
    public record Listing(List<Summary> policies, PolicyRef governing) {
    }

    /** The version an edit would write, after the version checks; nothing is stored (validate_only). */
    public PolicyVersion draft(Upsert upsert) {
        return draft(upsert, clock.instant());
    }

    /** Writes the edit as a new draft version. */
    public PolicyVersion upsert(Upsert upsert) {
        Instant now = clock.instant();
        PolicyVersion version = draft(upsert, now);
        if (!store.insert(version, now)) {
            throw conflict(upsert.policy().policyId(), upsert.baseVersion());
        }
        return version;
    }

    private PolicyVersion draft(Upsert upsert, Instant now) {
        String policyId = upsert.policy().policyId();
        Optional<PolicyVersion> latest = store.latest(policyId);
        long base = upsert.baseVersion();
        if (base == 0 && latest.isPresent()) {
            throw new GovernanceException(GovernanceException.Kind.FAILED_PRECONDITION, "POLICY_ALREADY_EXISTS",
                    "policy '" + policyId
                    + "' exists (latest version " + latest.get().version()
                    + "); pass base_version to write a new version");
        }
        if (base > 0 && latest.isEmpty()) {
            throw notFound(policyId);
        }
        if (base > 0 && latest.get().version() != base) {
            throw conflict(policyId, base);
        }
        PolicyVersion.Content before = base == 0 ? null : latest.get().policy();
        PolicyAuditEntry created = new PolicyAuditEntry(PolicyAuditEntry.Action.CREATED, upsert.actor(), now,
                upsert.changeNote(), contents.changes(before, upsert.policy()), null, null);
        return new PolicyVersion(upsert.policy(), base + 1, PolicyVersion.State.DRAFT, base, List.of(created));
    }

    /** GetPolicy: the version asked (0: the governing one, or else the policy's latest) of the policy asked (empty: the governing one). */
    public PolicyVersion get(String policyId, long version) {
        Optional<PolicyStore.Governing> governing = store.governing();
        if (policyId.isEmpty()) {
            policyId = governing.map(PolicyStore.Governing::policyId).orElseThrow(() -> new PolicyNotFound(
                    "POLICY_NOT_FOUND", "no policy governs yet; name a policy_id"));
        }
        if (version == 0) {
            String id = policyId;
            version = governing.filter(g -> g.policyId().equals(id)).map(PolicyStore.Governing::version)
                    .orElseGet(() -> store.latest(id).map(PolicyVersion::version).orElseThrow(() -> notFound(id)));
        }
        return version(policyId, version);
    }

    /** ListPolicies: each policy's latest version with the governing one marked; the page token is the adapter's. */
    public Listing list(int offset, int size) {
        Optional<PolicyStore.Governing> governing = store.governing();
        List<Summary> out = new ArrayList<>();
        for (PolicyVersion pv : store.latestOfEach(offset, size)) {
            PolicyAuditEntry created = pv.created();
            String id = pv.policy().policyId();
            out.add(new Summary(id, pv.policy().displayName(), pv.version(),
                    governing.filter(g -> g.policyId().equals(id)).map(PolicyStore.Governing::version).orElse(0L),
                    created.at(), created.actor()));
        }
        return new Listing(out, governing.map(g -> new PolicyRef(g.policyId(), g.version())).orElse(null));
    }

    /** ListPolicyVersions: one page of a policy's versions; NOT_FOUND when the policy does not exist. */
    public List<PolicyVersion> versions(String policyId, int offset, int size) {
        if (store.latest(policyId).isEmpty()) {
            throw PolicyNotFound.policy(policyId);
        }
        return store.versions(policyId, offset, size);
    }

    /** ActivatePolicyVersion: makes the version govern; re-activating an older version rolls back. */
    public Activated activate(Activate request) {
        Instant now = clock.instant();
        version(request.policyId(), request.version());
        Optional<PolicyStore.Governing> before = store.governing();
        PolicyRef expected = request.expectedActive();
        if (expected != null && (before.isEmpty() || !before.get().policyId().equals(expected.policyId())
                || before.get().version() != expected.version())) {
            throw new PolicyVersionConflict("expected " + expected.policyId() + " v" + expected.version()
                    + " to govern, but " + before.map(g -> g.policyId() + " v" + g.version()).orElse("none") + " does");
        }
        PolicyRef previous = before.map(g -> new PolicyRef(g.policyId(), g.version())).orElse(null);
        PolicyRef next = new PolicyRef(request.policyId(), request.version());
        if (next.equals(previous)) {
            return new Activated(previous, version(request.policyId(), request.version()),
                    before.get().activatedAt());
        }
        if (!store.switchGoverning(before.orElse(null), request.policyId(), request.version(), now)) {
            throw new PolicyVersionConflict(
                    "another activation happened at the same time; read the governing version and retry");
        }
        governing.switched();
        store.audit(request.policyId(), request.version(), new PolicyAuditEntry(PolicyAuditEntry.Action.ACTIVATED,
                request.actor(), now, request.changeNote(), List.of(), previous, null), true);
        if (previous != null) {
            store.audit(previous.policyId(), previous.version(), new PolicyAuditEntry(
                    PolicyAuditEntry.Action.DEACTIVATED, request.actor(), now, request.changeNote(), List.of(), null,
                    next), false);
        }
        return new Activated(previous, version(request.policyId(), request.version()), now);
    }

    private PolicyVersion version(String policyId, long version) {
        return store.find(policyId, version).orElseThrow(() -> store.latest(policyId).isEmpty() ? notFound(policyId)
                : new PolicyNotFound("POLICY_VERSION_NOT_FOUND", "policy '" + policyId + "' has no version " + version));
    }

    private static GovernanceException notFound(String policyId) {
        return PolicyNotFound.policy(policyId);
    }

    private static GovernanceException conflict(String policyId, long base) {
        return new PolicyVersionConflict("policy '" + policyId
                + "' has moved on since version " + base + "; re-read the latest version and edit that");
    }
}
