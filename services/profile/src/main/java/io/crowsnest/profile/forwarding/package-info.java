/**
 * The outbox's delivery to scoring on this replica's own threads: accepted events (ObserveEvents,
 * in batches) and persons' attributes read at delivery time (ObserveAttributes), handed off in
 * memory by the writers or claimed from the outbox under a lease; and its backlog gauge.
 */
package io.crowsnest.profile.forwarding;
