/**
 * The gRPC adapter of crowsnest.decisioning.v1.DecisioningService: request checks (the contract's
 * fields here, the rules of specs in domain/), proto ↔ domain mapping and the one place where
 * domain errors become gRPC status codes. Each RPC is check, map, call a use case (service/), map
 * back.
 */
package io.crowsnest.decisioning.api;
