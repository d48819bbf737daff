/**
 * Calls to other Crowsnest services, over gRPC only, their answers handed on as domain values:
 * identity's LookupPerson through the platform's IdentityCalls (configured deadline, retries,
 * circuit breaker, PERSON_NOT_FOUND and IDENTITY_UNAVAILABLE answered the way every service answers
 * them). Identity's change stream is followed in followers/ with the platform's follower.
 */
package io.crowsnest.contactgovernance.client;
