package io.crowsnest.contactgovernance.domain;

/** One version of one policy; version 0 for a policy given inline to a simulation. */
public record PolicyRef(String policyId, long version) {

    @Override
    public String toString() {
        return policyId + " v" + version;
    }
}
