/**
 * The use cases, one class per capability, named for what it does: EligibilityService and
 * EligibilityBatchService (CheckEligibility[Batch]), ReserveService and ReserveBatchService
 * (ReserveContact[Batch]), ReservationService (get, commit, release), ExternalContactService,
 * OutcomeService, SetConsentsService and ConsentQueries, HistoryService, PolicyService,
 * SimulationService, MergeService and ForgetService. Each runs after the api's request checks,
 * applies the rules of domain/, reads and writes through store/ and takes its time from the
 * injected Clock. Shared steps: GoverningPolicy (the rules that govern now), PersonResolver,
 * GovernanceInputs (what an evaluation reads), LiveCounters (the one atomic step against Redis and
 * its rebuild from the ledger). The stored records are still the contract's messages, so the use
 * cases that write them build them through ContractMapping; what the rules read of them (counted
 * contacts, fatigue contacts, consent state) the stores hand over as domain views. Persons come in
 * as domain PersonReferences.
 */
package io.crowsnest.contactgovernance.service;
