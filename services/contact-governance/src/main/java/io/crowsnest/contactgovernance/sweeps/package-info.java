/**
 * Background processors of contact governance, each on a timer on every replica, each running a
 * store step: `RefusalExpirySweep` (deletes the refused reserves kept to answer their retries once the
 * retention of idempotency records ends).
 */
package io.crowsnest.contactgovernance.sweeps;
