/**
 * The campaign runner: a background processor that starts due campaigns (briefings first), reads
 * their audiences from scoring into campaign members, and contacts them in arbitrated batches
 * through contact-governance and alert-notification, one leased partition of the person-id space
 * at a time (each instance holds its fair share of the partitions: PartitionLeases), resuming from
 * its checkpoints after a crash. Neighbours are called through client/
 * with domain records; a kept reservation batch is the opaque bytes client/ encoded, sent again
 * unchanged after a crash.
 */
package io.crowsnest.decisioning.campaigns;
