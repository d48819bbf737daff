/** The MongoDB database of a service and helpers for writing documents safely (no domain mapping here). */
package io.crowsnest.platform.mongo;
