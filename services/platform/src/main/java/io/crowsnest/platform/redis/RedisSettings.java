package io.crowsnest.platform.redis;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Connection to the Redis server owned by this service. */
@ConfigMapping(prefix = "crowsnest.redis")
public interface RedisSettings {

    /** Build-time switch: whether this service owns a Redis store at all (set in its application.properties). */
    @WithDefault("false")
    boolean enabled();

    /**
     * Redis URI, e.g. {@code redis://localhost:6379} or {@code rediss://user:password@host:6380}.
     * Required when the service owns a Redis store: start-up fails without it.
     */
    String uri();

    /**
     * True when {@link #uri()} names one node of a Redis Cluster: the client discovers the others
     * and routes each command by its keys' hash slot (every key of a person shares one slot).
     */
    @WithDefault("false")
    boolean cluster();

    /** Connect and socket timeout of every Redis command. */
    @WithDefault("2S")
    Duration timeout();

    /**
     * Whether readiness requires {@code maxmemory-policy noeviction}: under any other policy Redis
     * may drop this service's keys when memory runs out (contact counters, reservations, live
     * state), silently. On by default; turn it off only for a Redis that holds nothing that cannot
     * be rebuilt.
     */
    @WithDefault("true")
    boolean requireNoEviction();

    /** Upper bound of pooled connections. */
    @WithDefault("64")
    int maxConnections();
}
