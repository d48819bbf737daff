package io.crowsnest.contactgovernance.domain;

import java.util.List;

/**
 * One version of a contact policy: its content, number, state (derived from which version governs,
 * never stored), the version it was edited from (0 for a first version) and its audit trail, oldest
 * first. The content's rules are read through the evaluator's {@link ContactPolicy}; the rest of the
 * content is carried as the contract wrote it (see {@link Content}).
 */
public record PolicyVersion(Content policy, long version, State state, long baseVersion,
        List<PolicyAuditEntry> audit) {

    /** Where a version stands; null in a record read before its state was derived. */
    public enum State {
        DRAFT, ACTIVE, SUPERSEDED
    }

    /**
     * A policy's content: its id and display name, which the use cases read, and the whole policy
     * as written ({@code written}, the contract's proto3 JSON text), which they pass on unread: the
     * adapters compile it into a {@link ContactPolicy} and answer it back field for field.
     */
    public record Content(String policyId, String displayName, String written) {
    }

    public PolicyRef ref() {
        return new PolicyRef(policy.policyId(), version);
    }

    public PolicyVersion withState(State next) {
        return new PolicyVersion(policy, version, next, baseVersion, audit);
    }

    /** The entry that created the version (every version has one). */
    public PolicyAuditEntry created() {
        return audit.get(0);
    }
}
