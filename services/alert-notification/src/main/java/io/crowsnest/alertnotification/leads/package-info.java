/**
 * Fewer, better leads: the engine that turns scoring's segment transitions into leads under the
 * lead rules (one lead per transition, minimum score, person cooldown, a per-team hourly rate filled
 * best first by a periodic digest), the follower of scoring's transition stream, and the digest timer.
 */
package io.crowsnest.alertnotification.leads;
