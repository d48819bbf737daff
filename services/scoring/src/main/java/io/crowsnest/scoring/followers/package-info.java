/** Followers of other services' streams: identity's changes (merges, unmerges, erasures) applied to scoring's data. */
package io.crowsnest.scoring.followers;
