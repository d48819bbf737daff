package io.crowsnest.contactgovernance.service;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.config.GovernanceConfig;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.PolicyRef;
import io.crowsnest.contactgovernance.store.PolicyStore;

/**
 * The policy version that governs now. The governing pointer is re-read at most every
 * {@code crowsnest.governance.governing-refresh} (1 s): an activation takes effect at once on the
 * instance that made it and within that time on every other instance. Version contents are
 * immutable and cached.
 */
@ApplicationScoped
public class GoverningPolicy {

    @Inject
    PolicyStore store;

    @Inject
    GovernanceConfig config;

    @Inject
    PolicyContents contents;

    private final Map<PolicyRef, ContactPolicy> compiled = new ConcurrentHashMap<>();

    private record Pointer(Optional<PolicyStore.Governing> governing, long readAtNanos, long generation) {
    }

    private final AtomicLong generation = new AtomicLong();
    private volatile Pointer pointer;

    /** The governing rules; FAILED_PRECONDITION NO_ACTIVE_POLICY before the first activation. */
    public ContactPolicy current() {
        return find().orElseThrow(() -> new GovernanceException(GovernanceException.Kind.FAILED_PRECONDITION,
                "NO_ACTIVE_POLICY",
                "no contact policy has been activated yet: nothing is granted without rules "
                        + "(UpsertPolicy, then ActivatePolicyVersion)"));
    }

    public Optional<ContactPolicy> find() {
        return governing().map(g -> rules(g.policyId(), g.version()));
    }

    private Optional<PolicyStore.Governing> governing() {
        long now = System.nanoTime();
        Pointer known = pointer;
        long gen = generation.get();
        if (known != null && known.generation() == gen && now - known.readAtNanos() < config.governingRefresh().toNanos()) {
            return known.governing();
        }
        Optional<PolicyStore.Governing> read = store.governing();
        // A read that raced with an activation here is used once but not kept.
        if (generation.get() == gen) {
            pointer = new Pointer(read, now, gen);
        }
        return read;
    }

    /** Called after this instance switched the governing version: the next evaluation reads it. */
    public void switched() {
        generation.incrementAndGet();
        pointer = null;
    }

    /** Rules of any stored version. */
    public ContactPolicy rules(String policyId, long version) {
        PolicyRef ref = new PolicyRef(policyId, version);
        return compiled.computeIfAbsent(ref, r -> contents.rules(store.find(policyId, version)
                .orElseThrow(() -> new IllegalStateException("governing version " + r + " is missing")).policy(), r));
    }
}
