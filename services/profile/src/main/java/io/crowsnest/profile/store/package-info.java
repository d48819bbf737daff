/**
 * Access to the stores this service owns (MongoDB database `profile`); no other service reads
 * them. Stores take and return domain records and plain values and map them to documents here.
 * Opaque payloads kept as bytes: each event in the contract's Event encoding (written and read
 * through {@link io.crowsnest.profile.store.EventFormat}, implemented in mapping/) and each outbox
 * entry's ObserveEvent request for scoring (made in client/).
 */
package io.crowsnest.profile.store;
