/**
 * Thin gRPC adapters: request checks (INVALID_ARGUMENT with one field violation per bad field: the
 * contract's shared messages checked here, the domain's rules applied to the mapped request), the
 * request mapped to domain records (mapping/), a call to one use case of service/, and the answer
 * mapped back. Domain refusals (DomainException, the platform's Refusal) become gRPC status in one
 * place, the platform's Calls.
 */
package io.crowsnest.alertnotification.api;
