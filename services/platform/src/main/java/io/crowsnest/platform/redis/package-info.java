/** The Redis client of a service (standalone or cluster), its settings and its readiness check. */
package io.crowsnest.platform.redis;
