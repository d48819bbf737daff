/**
 * Background processors: the identity change follower (identity's changes followed with the
 * platform's IdentityChangeFollower, arriving as platform IdentityEvent records) and the retention
 * sweep.
 */
package io.crowsnest.decisioning.followers;
