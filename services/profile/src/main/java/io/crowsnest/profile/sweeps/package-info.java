/**
 * Background sweeps on each replica: completing events whose writer died half-way (the outbox
 * recovery) and deleting events past their retention.
 */
package io.crowsnest.profile.sweeps;
