/**
 * The gRPC adapter of crowsnest.decisioning.v1.DecisioningService: request checks (the contract's
 * fields here, the rules of specs in domain/), the one place where domain errors become gRPC status
 * codes (Errors), and page tokens. Each RPC is check, map (mapping/), call a use case (service/),
 * map back.
 */
package io.crowsnest.decisioning.api;
