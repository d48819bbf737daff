package io.crowsnest.gateway.api;

import java.util.ArrayList;
import java.util.List;

import io.crowsnest.gateway.security.Caller;

/**
 * Who writes and how often: the agent is the signed-in caller (never a header) and the required
 * Idempotency-Key header makes a retry with the same key change nothing more; a missing key is
 * refused with 400 naming it.
 */
record AgentHeaders(String agentId, String idempotencyKey) {

    static AgentHeaders required(Caller caller, String idempotencyKey) {
        List<Problem.Violation> violations = new ArrayList<>();
        String key = RequestParams.requiredHeader(idempotencyKey, "Idempotency-Key", violations);
        InvalidRequest.throwIfAny(violations);
        return new AgentHeaders(caller.id(), key);
    }
}
