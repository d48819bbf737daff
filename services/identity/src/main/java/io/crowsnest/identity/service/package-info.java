/**
 * The use cases of identity, one class per capability (resolve a person and its batch variant,
 * lookups, delivery addresses, link, unmerge, forget, merge recovery), reading and writing through
 * store/ under the rules of domain/. Requests arrive checked (api/ does that); refusals are thrown
 * as domain exceptions (domain/IdentityErrors). The answers are built as identity's contract
 * messages here because idempotency stores them and the lineage keeps MergeRecord whole.
 */
package io.crowsnest.identity.service;
