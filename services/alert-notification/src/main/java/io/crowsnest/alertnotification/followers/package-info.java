/**
 * Followers of other services' streams that change this service's data: identity's changes, which
 * arrive from client/ as platform IdentityEvent records.
 */
package io.crowsnest.alertnotification.followers;
