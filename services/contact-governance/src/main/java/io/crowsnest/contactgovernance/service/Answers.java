package io.crowsnest.contactgovernance.service;

import java.util.function.Supplier;

/**
 * Runs a use case that is reached both by an RPC and by identity's change stream once per
 * idempotency key, answering a retry with the first answer. The platform's Idempotency keeps the
 * request's hash and the answer in the contract's encoding (as since the first release), so the one
 * implementation lives with the contract mapping in mapping/ (ContractAnswers) and no protobuf type
 * enters service/.
 */
public interface Answers {

    ForgetService.Forgotten forget(ForgetService.Forget command, Supplier<ForgetService.Forgotten> work);

    MergeService.Merged merge(MergeService.Merge command, Supplier<MergeService.Merged> work);
}
