/**
 * Calls to other Crowsnest services, over gRPC only: identity's LookupPerson through the platform's
 * IdentityCalls (configured deadline, retries, circuit breaker, PERSON_NOT_FOUND and
 * IDENTITY_UNAVAILABLE answered the way every service answers them).
 */
package io.crowsnest.contactgovernance.client;
