/**
 * Calls to other Crowsnest services, over gRPC only: identity, through the platform's resilient
 * IdentityCalls, asked with domain records (a PersonIdentifier) and answering plain values, and
 * telling callers whether a failure means identity cannot answer for now. Identity's change
 * stream is read by the platform into plain IdentityEvents, so no contract type reaches service/
 * or the followers.
 */
package io.crowsnest.scoring.client;
