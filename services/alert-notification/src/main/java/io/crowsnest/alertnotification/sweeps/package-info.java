/**
 * Periodic background work: commits owed to contact-governance for messages sent while it was
 * unreachable, and the retention of expired alerts. Each sweep is safe to run on every instance
 * at once (the writes are idempotent).
 */
package io.crowsnest.alertnotification.sweeps;
