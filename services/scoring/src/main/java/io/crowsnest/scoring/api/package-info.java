/**
 * The gRPC adapter of crowsnest.scoring.v1.ScoringService: request checks (scoring's own fields in
 * ScoringChecks, EventChecks, AttributeChecks; the fields every contract shares through the
 * platform's RequestChecks; a plan is read as written into the domain's PlanDraft and checked by
 * its PlanRules, a segment's fields by SegmentRules, which report on the request's field paths).
 * Each RPC is check, map to domain records (mapping/), call a use case in service/ (once per
 * idempotency key through the platform's Idempotency, whose stored answers are the contract's
 * responses), map back; a refusal thrown by a use case (a domain ScoringException or InvalidField,
 * both platform Refusals) becomes its gRPC status in the platform's Calls, the same way in every
 * service. Unbatching and TransitionStreams serve the streaming RPCs.
 */
package io.crowsnest.scoring.api;
