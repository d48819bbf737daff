/**
 * Background processors on a timer (the platform's Periodic): the retention sweep deleting
 * decisions, outcomes, learning inputs and declines past their retention. Safe to run on every
 * instance at once (deletes by range are idempotent).
 */
package io.crowsnest.decisioning.sweeps;
