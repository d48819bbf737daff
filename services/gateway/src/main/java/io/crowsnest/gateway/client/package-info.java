/**
 * Calls from the gateway to the services that answer in domain records rather than contract
 * messages: the erasure across services, each service's health, contact pressure and the
 * population tiers (one call in flight at a time). A service's refusal arrives as a PeerFailure.
 */
package io.crowsnest.gateway.client;
