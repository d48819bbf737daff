/**
 * The rules of contact governance as plain records and pure functions, free of framework, protobuf
 * and store types: the policy model (ContactPolicy) and what makes a written policy (PolicyDraft)
 * valid (PolicyRules, with LimitRuleChecks, ConsentFatigueChecks and PolicyProblems) and how it
 * reads as the evaluator's rules (PolicyReading: windows, default categories), the verdict
 * and how it is reached (GovernanceRules, QuietPeriods, FatigueHistory, Arbitration), the reservation state machine
 * (ReservationLifecycle), how an outcome moves (OutcomeProgression), which consent decision stands
 * (ConsentPrecedence), the records kept (Reservation, LedgerEntry, PersonConsents, ConsentChange,
 * Reason), and the refusals as exceptions (GovernanceException, a platform Refusal, and its named kinds:
 * PersonForgotten, PersonNotFound, ReservationNotFound, ReservationClosed, PolicyNotFound,
 * PolicyVersionConflict).
 */
package io.crowsnest.contactgovernance.domain;
