package io.crowsnest.contactgovernance.domain;

import java.time.Instant;
import java.util.List;

/**
 * One entry of a policy version's audit trail: who created, activated or deactivated it, when,
 * why, what changed (on creation) and which version it replaced or was replaced by (on activation
 * and deactivation; null otherwise).
 */
public record PolicyAuditEntry(Action action, String actor, Instant at, String note, List<Change> changes,
        PolicyRef replaced, PolicyRef replacedBy) {

    public enum Action {
        CREATED, ACTIVATED, DEACTIVATED
    }

    /**
     * One changed field: its path in the contract's words (e.g. "frequency_caps[rule_id=weekly].max_contacts")
     * and its value before and after as JSON text ("null" when absent).
     */
    public record Change(String path, String before, String after) {
    }
}
