/**
 * Background processors of identity, each on a timer on every replica, each running a use case of
 * service/ or a store step: the merge recovery sweep (finishes merges and unmerges a crash left
 * half-way), the erasure recovery sweep, the address key sweep (seals delivery addresses again under
 * the current address key) and the hash key sweep (hashes kept delivery addresses again under the
 * current hash key and reports what older hash keys still hold).
 */
package io.crowsnest.identity.sweeps;
