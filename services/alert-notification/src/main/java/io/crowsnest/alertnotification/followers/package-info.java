/** Followers of other services' streams that change this service's data: identity's changes. */
package io.crowsnest.alertnotification.followers;
