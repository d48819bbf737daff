/**
 * Background processors that follow another service's stream: the identity change follower
 * (identity's changes followed with the platform's IdentityChangeFollower, arriving as platform
 * IdentityEvent records). Scoring's segment entries are followed by campaigns/SegmentEntries.
 */
package io.crowsnest.decisioning.followers;
