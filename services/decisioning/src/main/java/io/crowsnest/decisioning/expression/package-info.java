/**
 * The expression language of actions: CEL (Common Expression Language) over the variables the
 * contract documents on ActionSpec.eligibility_expression, whose types are the contract's own
 * messages (profile is crowsnest.profile.v1.Profile, value is crowsnest.scoring.v1.ValueScores).
 * Compiles and type-checks when an action is saved (problems with line and column) and evaluates
 * per person at decision time.
 *
 * <p>The one package beside api/ and client/ that names protocol types, and only as the language's
 * vocabulary: ExpressionLanguage declares those two message types to CEL and decodes the profile and
 * value scores, which service/ carries as the opaque payloads the neighbours sent, into the values
 * expressions read.
 */
package io.crowsnest.decisioning.expression;
