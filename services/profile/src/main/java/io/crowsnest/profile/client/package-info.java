/**
 * Calls to other Crowsnest services, over gRPC only, each with a deadline (identity's change stream
 * is followed by followers/, through the platform's IdentityChangeFollower). Peers' answers are mapped here into profile's records (domain/) so that the use cases
 * see no contract message, and identity's refusals into profile's contract terms (EVENT_ID_REUSED,
 * bad fields at the caller's paths, IDENTITY_UNAVAILABLE). ProtoValues turns contract messages (a
 * product, a relationship) into plain values and back, for api/'s mapping; single JSON values go
 * through the platform's JsonValues.
 */
package io.crowsnest.profile.client;
