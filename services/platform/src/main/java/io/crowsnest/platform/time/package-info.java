/** The one {@code java.time.Clock} every service injects, so tests move time instead of sleeping. */
package io.crowsnest.platform.time;
