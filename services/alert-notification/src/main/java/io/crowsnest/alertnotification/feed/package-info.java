/**
 * The live alert feed: entries appended to Redis Streams (one global stream for fan-out between
 * instances, one stream per inbox for replay), the dispatcher that reads the global stream and
 * pushes entries to this instance's open subscriptions, heartbeats, and the sweep that appends
 * alerts stored while Redis was down; the customer activity poller. Background processing only; no
 * domain rules, no protocol types: an entry is an opaque payload encoded by api/ (FeedEncoding) and
 * decoded by api/'s sink, and a profile event is passed on as profile encoded it.
 */
package io.crowsnest.alertnotification.feed;
