/**
 * Access to the stores this service owns (MongoDB database `identity`); no other service reads
 * them. Stores take and return domain records and plain values and map them to documents here.
 * Two payloads are kept as opaque bytes in the contract's encoding — a merge's {@code record}
 * (MergeRecord) and each change feed entry (IdentityChange) — written and read through
 * {@link io.crowsnest.identity.store.RecordFormat}, whose implementation is part of api/'s mapping.
 */
package io.crowsnest.identity.store;
