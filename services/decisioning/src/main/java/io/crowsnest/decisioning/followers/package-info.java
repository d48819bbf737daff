/**
 * Background processors: the identity change follower (identity's changes arrive from client/ as
 * platform IdentityEvent records) and the retention sweep.
 */
package io.crowsnest.decisioning.followers;
