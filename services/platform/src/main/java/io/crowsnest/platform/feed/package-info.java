/**
 * Durable ordered feeds in MongoDB and streaming them to gRPC subscribers (identity changes, segment
 * transitions...): offsets, resumption after a cursor, heartbeats.
 */
package io.crowsnest.platform.feed;
