/**
 * Background processors of identity: the merge recovery sweep, which runs on a timer the use case
 * (service/) that finishes merges and unmerges a crash left half-way.
 */
package io.crowsnest.identity.sweeps;
