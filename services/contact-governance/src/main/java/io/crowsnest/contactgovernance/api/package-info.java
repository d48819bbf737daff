/**
 * The gRPC adapter of crowsnest.contactgovernance.v1.ContactGovernanceService. Each RPC is handed
 * to the adapter of its area (ReservationAdapter, BatchAdapter, ConsentAdapter, HistoryAdapter,
 * PersonAdapter, PolicyAdapter), which checks the request (every problem one field violation:
 * ContactChecks, PolicyValidator, page tokens in Pages) and calls one use case of service/.
 * ErrorMapper is the one place where domain refusals become gRPC status with details.
 */
package io.crowsnest.contactgovernance.api;
