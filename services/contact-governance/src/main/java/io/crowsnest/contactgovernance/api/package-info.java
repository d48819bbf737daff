/**
 * The gRPC adapter of crowsnest.contactgovernance.v1.ContactGovernanceService. Each RPC is handed
 * to the adapter of its area (ReservationAdapter, BatchAdapter, ConsentAdapter, HistoryAdapter,
 * PersonAdapter, PolicyAdapter, PressureAdapter), which checks the request (every problem one field
 * violation in the platform's RequestChecks, which also checks the fields every contract shares;
 * ContactChecks and PolicyValidator the service's own; offset pages on the platform's page tokens
 * in Pages), runs the mutating RPCs of reservations, the ledger, consents and policies once per
 * idempotency key, and calls its use case, with proto mapped to domain and back by mapping/.
 * SimulationStream streams a replay's reports; StatusOutages tells the batch use case which
 * failures are outages, by the status they answer. Refusals (domain GovernanceException, a
 * platform Refusal) become gRPC status with details in one place, the platform's Calls, through
 * which every RPC runs.
 */
package io.crowsnest.contactgovernance.api;
