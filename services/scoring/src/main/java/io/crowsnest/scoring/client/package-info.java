/** Calls to other Crowsnest services, over gRPC only: identity, through the platform's resilient IdentityCalls. */
package io.crowsnest.scoring.client;
