/**
 * The expression language of actions: CEL (Common Expression Language) over the variables the
 * contract documents on ActionSpec.eligibility_expression, whose types are the contract's own
 * messages (profile is crowsnest.profile.v1.Profile, value is crowsnest.scoring.v1.ValueScores).
 * Compiles and type-checks when an action is saved (problems with line and column) and evaluates
 * per person at decision time.
 */
package io.crowsnest.decisioning.expression;
