/**
 * The live alert feed: entries appended to Redis Streams (one global stream for fan-out between
 * instances, one stream per inbox for replay), the dispatcher that reads the global stream and
 * pushes entries to this instance's open subscriptions, heartbeats, and the sweep that appends
 * alerts stored while Redis was down. Background processing only; no domain rules.
 */
package io.crowsnest.alertnotification.feed;
