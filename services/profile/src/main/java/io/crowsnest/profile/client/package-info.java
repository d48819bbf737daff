/**
 * Calls to other Crowsnest services, over gRPC only, each with a deadline, and identity's change
 * stream. Peers' answers are mapped here into profile's records (domain/) so that the use cases
 * see no contract message; the exceptions still carrying one are listed in service/'s package-info.
 */
package io.crowsnest.profile.client;
