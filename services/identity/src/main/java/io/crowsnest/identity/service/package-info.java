/**
 * The use cases of identity, one class per capability (resolve a person and its batch variant,
 * lookups, delivery addresses, link, unmerge, forget, merge recovery), reading and writing through
 * store/ under the rules of domain/. Requests arrive checked (api/ does that) as plain values and
 * commands; answers are domain records (Resolution, Merge, Identity…) that api/ maps to the
 * contract's messages; refusals are thrown as domain exceptions (domain/IdentityErrors). No
 * protobuf or gRPC type is used here: the batch variant takes the idempotency claims as its own
 * Claims (api/ adapts the platform's) and handles their answers as an opaque type the adapter chooses.
 */
package io.crowsnest.identity.service;
