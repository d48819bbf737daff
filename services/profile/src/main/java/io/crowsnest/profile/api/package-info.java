/**
 * The gRPC adapter of crowsnest.profile.v1.ProfileService: request checks (Checks, EventChecks,
 * AttributeChecks), page tokens bound to their filter, idempotency around each mutating use case,
 * and a batch item's error (ErrorMapper); every other refusal (a platform Refusal) becomes its gRPC
 * status in the platform's Calls. Each RPC is check, map, call a use case (service/), answer.
 */
package io.crowsnest.profile.api;
