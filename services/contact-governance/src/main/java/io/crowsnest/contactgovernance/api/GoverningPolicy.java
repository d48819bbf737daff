package io.crowsnest.contactgovernance.api;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.PolicyRef;
import io.crowsnest.contactgovernance.store.PolicyStore;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;

/**
 * The policy version that governs now. The governing pointer is read on every evaluation (so an
 * activation on any instance takes effect at once everywhere); version contents are immutable and
 * cached.
 */
@ApplicationScoped
public class GoverningPolicy {

    @Inject
    PolicyStore store;

    private final Map<PolicyRef, ContactPolicy> compiled = new ConcurrentHashMap<>();

    /** The governing rules; FAILED_PRECONDITION NO_ACTIVE_POLICY before the first activation. */
    public ContactPolicy current() {
        return find().orElseThrow(() -> GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "NO_ACTIVE_POLICY",
                "no contact policy has been activated yet: nothing is granted without rules "
                        + "(UpsertPolicy, then ActivatePolicyVersion)"));
    }

    public Optional<ContactPolicy> find() {
        return store.governing().map(g -> rules(g.policyId(), g.version()));
    }

    /** Rules of any stored version. */
    public ContactPolicy rules(String policyId, long version) {
        PolicyRef ref = new PolicyRef(policyId, version);
        return compiled.computeIfAbsent(ref, r -> Mapping.policy(store.find(policyId, version)
                .orElseThrow(() -> new IllegalStateException("governing version " + r + " is missing")).getPolicy(),
                r));
    }
}
