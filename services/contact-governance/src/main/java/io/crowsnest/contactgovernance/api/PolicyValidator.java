package io.crowsnest.contactgovernance.api;

import io.crowsnest.contactgovernance.domain.PolicyDraft;
import io.crowsnest.contactgovernance.domain.PolicyRules;
import io.crowsnest.contactgovernance.mapping.PolicyDrafts;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.platform.grpc.RequestChecks;

/**
 * Checks a {@link Policy} by {@link PolicyRules}: the message is read as a {@link PolicyDraft} and
 * every problem becomes one field violation whose path starts with the given prefix, e.g.
 * "policy.frequency_caps[2].max_contacts".
 */
public final class PolicyValidator {

    private PolicyValidator() {
    }

    /** True when {@code id} is a known IANA region id (or "UTC") that java.time can load. */
    public static boolean isTimeZone(String id) {
        return PolicyRules.isTimeZone(id);
    }

    /** Adds one violation to {@code out} per problem found in {@code policy}. */
    public static void validate(Policy policy, String prefix, RequestChecks out) {
        for (PolicyRules.Problem problem : PolicyRules.check(PolicyDrafts.draft(policy))) {
            out.add(prefix == null || prefix.isEmpty() ? problem.path() : prefix + "." + problem.path(),
                    problem.message());
        }
    }
}
