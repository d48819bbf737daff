/**
 * gRPC calls to identity, profile, scoring and contact-governance, each with a deadline, retried only
 * while the peer is UNAVAILABLE (or timed out, for reads and calls under an idempotency key), and
 * their errors turned into this service's contract (PERSON_NOT_FOUND, IDENTITY_UNAVAILABLE...). The
 * peers' replies come back as domain records (Reservation, Address, ProfileEvent, Transition,
 * platform IdentityEvent...), and the streams (identity's changes, scoring's transitions) are read here.
 */
package io.crowsnest.alertnotification.client;
