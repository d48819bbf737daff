/**
 * The MongoDB database of a service, the count of the commands it sends, and helpers for writing
 * documents safely (no domain mapping here).
 */
package io.crowsnest.platform.mongo;
