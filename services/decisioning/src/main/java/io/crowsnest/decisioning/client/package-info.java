/**
 * Calls to other Crowsnest services, over gRPC only, each with a deadline. The only package beside
 * api/ that speaks the neighbours' protocols: requests are built here from decisioning's records
 * (PersonRef, ContactIntent, campaigns and members), replies come back as records (PersonProfile,
 * PersonScores, GovernanceVerdict, reservation results), and a
 * neighbour's refusal or outage as a {@link io.crowsnest.decisioning.client.PeerFailure} (code,
 * reason, description), which api/ answers unchanged should it reach a caller.
 */
package io.crowsnest.decisioning.client;
