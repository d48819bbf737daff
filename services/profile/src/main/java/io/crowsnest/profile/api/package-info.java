/**
 * The gRPC adapter of crowsnest.profile.v1.ProfileService: request checks (Checks, EventChecks,
 * AttributeChecks: sizes and the fields every contract shares here, the domain's rules — EventRules,
 * UpdateRules, AttributeRules, AnswerRules — applied to the request's values), page tokens bound to
 * their filter, idempotency around each mutating use case, an event's fingerprint, and a batch
 * item's error (ErrorMapper); every other refusal (a platform Refusal) becomes its gRPC status in
 * the platform's Calls. Each RPC is check, map (mapping/), call a use case (service/), answer.
 */
package io.crowsnest.profile.api;
