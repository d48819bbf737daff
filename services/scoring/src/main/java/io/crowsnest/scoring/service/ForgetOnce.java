package io.crowsnest.scoring.service;

import java.util.function.Supplier;

/**
 * Runs an erasure at most once per idempotency key, as ForgetPerson does for its callers: a
 * retry with the same request gets the first answer. The erasures identity's FORGOTTEN changes
 * cause go through it too, as the ForgetPerson request they stand for (same request, same key
 * as ever). The one implementation lives with the contract mapping in mapping/, which stores the
 * answer as the contract's ForgetPersonResponse.
 */
public interface ForgetOnce {

    ForgetService.Forgotten once(ForgetService.Request request, Supplier<ForgetService.Forgotten> erase);
}
