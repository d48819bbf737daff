/**
 * Background processors of contact governance, each on a timer on every replica, each running a
 * store step: `RefusalExpirySweep` (deletes the refused reserves kept to answer their retries once the
 * retention of idempotency records ends) and `LegacyStaleMarkSweep` (moves the stale marks of
 * counters that instances of the version before write during a rolling upgrade to where grants read them).
 */
package io.crowsnest.contactgovernance.sweeps;
