/**
 * The gRPC adapter of crowsnest.contactgovernance.v1.ContactGovernanceService. Each RPC is handed
 * to the adapter of its area (ReservationAdapter, BatchAdapter, ConsentAdapter, HistoryAdapter,
 * PersonAdapter, PolicyAdapter), which checks the request (every problem one field violation:
 * ContactChecks, PolicyValidator, page tokens in Pages) and calls one use case of service/.
 * Refusals (domain GovernanceException, a platform Refusal) become gRPC status with details in one
 * place, the platform's Calls, through which every RPC runs.
 */
package io.crowsnest.contactgovernance.api;
