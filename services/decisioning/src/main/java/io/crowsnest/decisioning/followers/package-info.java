/** Background processors: the identity change follower and the retention sweep. */
package io.crowsnest.decisioning.followers;
