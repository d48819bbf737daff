/** Background processors that follow other services: identity's change stream (merges, unmerges, erasures). */
package io.crowsnest.profile.followers;
