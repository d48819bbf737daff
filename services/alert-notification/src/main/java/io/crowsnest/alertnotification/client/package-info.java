/**
 * gRPC calls to identity, profile, scoring and contact-governance, each with a deadline, retried only
 * while the peer is UNAVAILABLE (or timed out, for reads and calls under an idempotency key), and
 * their errors turned into this service's contract (PERSON_NOT_FOUND, IDENTITY_UNAVAILABLE...). The
 * peers' replies come back as domain records (Reservation, Address, ProfileEvent, Transition...),
 * and scoring's transition stream is read here (identity's changes are followed in followers/ with
 * the platform's follower).
 */
package io.crowsnest.alertnotification.client;
