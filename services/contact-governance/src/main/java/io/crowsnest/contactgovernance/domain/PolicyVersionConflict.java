package io.crowsnest.contactgovernance.domain;

/** A policy write or activation was based on a version that is no longer the latest or governing one. */
public class PolicyVersionConflict extends GovernanceException {

    public PolicyVersionConflict(String message) {
        super(Kind.FAILED_PRECONDITION, "POLICY_VERSION_CONFLICT", message);
    }
}
