/**
 * Calls to other Crowsnest services, over gRPC only: identity, through the platform's resilient
 * IdentityCalls. Identity's change stream is read by the platform into plain IdentityEvents, so no
 * contract type reaches service/ or the followers.
 */
package io.crowsnest.scoring.client;
