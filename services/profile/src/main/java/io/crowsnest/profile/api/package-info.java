/**
 * The gRPC adapter of crowsnest.profile.v1.ProfileService: request checks (Checks, EventChecks,
 * AttributeChecks), page tokens bound to their filter, idempotency around each mutating use case,
 * and the one place (ErrorMapper) where domain errors become gRPC status codes. Each RPC is check,
 * map, call a use case (service/), answer.
 */
package io.crowsnest.profile.api;
