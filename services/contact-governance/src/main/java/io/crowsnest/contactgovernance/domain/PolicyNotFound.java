package io.crowsnest.contactgovernance.domain;

/** No policy, or no such version of it (reason POLICY_NOT_FOUND or POLICY_VERSION_NOT_FOUND). */
public class PolicyNotFound extends GovernanceException {

    public PolicyNotFound(String reason, String message) {
        super(Kind.NOT_FOUND, reason, message);
    }

    public static PolicyNotFound policy(String policyId) {
        return new PolicyNotFound("POLICY_NOT_FOUND", "no policy '" + policyId + "'");
    }
}
