package io.crowsnest.gateway.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The headers of an agent's write: X-Agent-Id (the agent) and Idempotency-Key (a retry with the
 * same key changes nothing more), both required; a missing one is refused with 400 naming it.
 */
record AgentHeaders(String agentId, String idempotencyKey) {

    static AgentHeaders required(String agentId, String idempotencyKey) {
        List<Problem.Violation> violations = new ArrayList<>();
        String agent = RequestParams.requiredHeader(agentId, "X-Agent-Id", violations);
        String key = RequestParams.requiredHeader(idempotencyKey, "Idempotency-Key", violations);
        InvalidRequest.throwIfAny(violations);
        return new AgentHeaders(agent, key);
    }
}
