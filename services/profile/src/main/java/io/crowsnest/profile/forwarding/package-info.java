/**
 * The outbox's delivery to scoring on this replica's own threads: accepted events (ObserveEvents,
 * in batches) and persons' attributes read at delivery time (ObserveAttributes), handed off in
 * memory by the writers or claimed from the outbox under a lease; and its backlog gauge. It speaks
 * to scoring only through client/ScoringClient and its records (no contract types here); an event
 * entry's payload is the stored request, opaque bytes that only the client reads.
 */
package io.crowsnest.profile.forwarding;
