/**
 * Calls to other Crowsnest services, over gRPC only: identity, through the platform's resilient
 * IdentityCalls, and identity's change stream. Peers' messages are read here into domain records
 * (IdentityEvent), so that no contract type reaches service/ or the followers.
 */
package io.crowsnest.scoring.client;
