/**
 * Followers of other services' streams that change this service's data: identity's changes,
 * followed with the platform's IdentityChangeFollower and handed over as platform IdentityEvent
 * records.
 */
package io.crowsnest.alertnotification.followers;
