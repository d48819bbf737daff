/**
 * gRPC calls to identity, profile and contact-governance, each with a deadline, retried only
 * while the peer is UNAVAILABLE (or timed out, for reads and calls under an idempotency key), and
 * their errors turned into this service's contract (PERSON_NOT_FOUND, IDENTITY_UNAVAILABLE...).
 */
package io.crowsnest.alertnotification.client;
