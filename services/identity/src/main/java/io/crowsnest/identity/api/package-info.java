/**
 * The gRPC adapter of crowsnest.identity.v1.IdentityService: request checks, idempotency around
 * each mutating use case, the change stream, and the one place (ErrorMapper) where domain errors
 * become gRPC status codes. Each RPC is check, map (mapping/), call a use case (service/), answer.
 */
package io.crowsnest.identity.api;
