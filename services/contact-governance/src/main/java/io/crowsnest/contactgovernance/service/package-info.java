/**
 * The use cases, one class per capability, named for what it does: EligibilityService and
 * EligibilityBatchService (CheckEligibility[Batch]), ReserveService and ReserveBatchService
 * (ReserveContact[Batch]), ReservationService (get, commit, release), ExternalContactService,
 * OutcomeService, SetConsentsService and ConsentQueries, HistoryService, PolicyService,
 * SimulationService, MergeService and ForgetService. Each runs after the api's request checks,
 * applies the rules of domain/, reads and writes through store/ and takes its time from the
 * injected Clock. Shared steps: GoverningPolicy (the rules that govern now), PersonResolver,
 * GovernanceInputs (what an evaluation reads), LiveCounters (the one atomic step against Redis and
 * its rebuild from the ledger). The reservation, ledger and consent use cases take and return
 * domain records (Reservation, LedgerEntry, PersonConsents, ConsentChange); the adapter runs them
 * once per idempotency key and maps the answer. MergeService and ForgetService, reached by RPC and
 * by identity's change stream, run once per key through Answers (implemented in mapping/).
 * PolicyService takes and returns domain PolicyVersions (the adapter runs its writes once per key)
 * and reads a policy's rules and diff through PolicyContents (implemented in mapping/);
 * SimulationService reports progress and its result as Simulation records to a listener. Outages
 * tells a batch which failures are outages. Persons come in as domain PersonReferences.
 */
package io.crowsnest.contactgovernance.service;
