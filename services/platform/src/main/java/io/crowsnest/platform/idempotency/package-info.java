/**
 * Idempotency records: a mutating call remembered under its key, so a retry returns the first
 * answer and changes nothing more, and a key reused with other content is refused.
 */
package io.crowsnest.platform.idempotency;
