package io.crowsnest.contactgovernance.service;

import java.util.List;

import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.PolicyAuditEntry;
import io.crowsnest.contactgovernance.domain.PolicyRef;
import io.crowsnest.contactgovernance.domain.PolicyVersion;

/**
 * What the policy use cases need read out of a policy's content as the contract wrote it: the
 * evaluator's rules and the field-level differences between two versions. Both are defined by the
 * contract's fields, so the one implementation lives with the contract mapping in mapping/.
 */
public interface PolicyContents {

    /** The evaluator's view of a validated policy. */
    ContactPolicy rules(PolicyVersion.Content content, PolicyRef ref);

    /**
     * The changes from {@code before} to {@code after}; {@code before} null for a first version, in
     * which case every set field of {@code after} is reported with a null before value.
     */
    List<PolicyAuditEntry.Change> changes(PolicyVersion.Content before, PolicyVersion.Content after);
}
