/**
 * The gRPC adapter of crowsnest.contactgovernance.v1.ContactGovernanceService. Each RPC is handed
 * to the adapter of its area (ReservationAdapter, BatchAdapter, ConsentAdapter, HistoryAdapter,
 * PersonAdapter, PolicyAdapter), which checks the request (every problem one field violation in the
 * platform's RequestChecks, which also checks the fields every contract shares; ContactChecks and
 * PolicyValidator the service's own; offset pages on the platform's page tokens in Pages), runs the
 * mutating RPCs of reservations, the ledger, consents and policies once per idempotency key, and
 * maps proto to domain and back (Reservations, LedgerEntries, ConsentMessages, PolicyMessages,
 * ContractMapping; SimulationStream streams a replay's reports). PolicyMessages also gives the
 * policy use cases a policy's rules (the message read as the domain's PolicyDraft by
 * PolicyValidator, whose rules domain/PolicyReading derives) and its field-level diff (domain/PolicyDiff,
 * over the tree of the contract's fields that PolicyFields reads from the descriptors: its paths and
 * values are the contract's field names and proto3 JSON, kept in the audit trail). StoredFormats gives store/ its RecordFormats (records kept as their contract
 * message's JSON); StatusOutages tells the batch use case which failures are outages, by the status
 * they answer. Refusals (domain GovernanceException, a platform Refusal) become gRPC status with
 * details in one place, the platform's Calls, through which every RPC runs.
 */
package io.crowsnest.contactgovernance.api;
