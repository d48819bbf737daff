/**
 * The gRPC adapter of crowsnest.scoring.v1.ScoringService: request checks (scoring's own fields in
 * ScoringChecks, PlanChecks, EventChecks…; the fields every contract shares through the platform's
 * RequestChecks) and the one place where domain errors become gRPC status codes (ErrorMapper). Each
 * RPC is check, call a use case in service/, answer.
 */
package io.crowsnest.scoring.api;
