/**
 * The gateway's own rules as plain records and functions, with no HTTP, gRPC or store type (records
 * the API returns as they are carry their JSON field names): the suite's readiness from each
 * component's status, a customer's contact status across channels, the rate limits per role, the
 * value rank of a customer, the access audit's record, and what an erasure across services must
 * reach before it is complete.
 */
package io.crowsnest.gateway.domain;
