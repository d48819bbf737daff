package io.crowsnest.contactgovernance.service;

/**
 * Whether a failure means "a store or the counters cannot be reached now" (retrying later may
 * succeed): a batch answers such items UNAVAILABLE instead of failing whole. The answer is the one
 * the RPC would give the failure, so the one implementation lives with the status mapping in api/
 * (StatusOutages), and no gRPC type enters service/.
 */
public interface Outages {

    boolean unavailable(RuntimeException e);
}
