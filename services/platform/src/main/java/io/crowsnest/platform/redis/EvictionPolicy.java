package io.crowsnest.platform.redis;

import java.util.Map;
import java.util.Optional;

import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;

/**
 * Whether a Redis may drop this service's keys on its own. Any {@code maxmemory-policy} but
 * {@code noeviction} lets Redis evict keys when it runs out of memory — a contact counter or a
 * reservation silently gone means contacts under-counted — so a service that needs its keys is not
 * ready on such a Redis, and says why. With {@code noeviction} a full Redis refuses writes instead,
 * which the services answer as UNAVAILABLE.
 */
public final class EvictionPolicy {

    /** The only policy under which Redis never drops a key by itself. */
    public static final String SAFE = "noeviction";

    private EvictionPolicy() {
    }

    /** What is wrong with the Redis's eviction policy (every node of a cluster), or empty when it is safe. */
    public static Optional<String> problem(UnifiedJedis redis) {
        if (redis instanceof JedisCluster cluster) {
            for (Map.Entry<String, ConnectionPool> node : cluster.getClusterNodes().entrySet()) {
                try (Connection connection = node.getValue().getResource()) {
                    Optional<String> problem = problem(policy(new Jedis(connection).info("memory")), node.getKey());
                    if (problem.isPresent()) {
                        return problem;
                    }
                }
            }
            return Optional.empty();
        }
        return problem(policy(redis.info("memory")), "Redis");
    }

    static Optional<String> problem(String policy, String node) {
        if (SAFE.equals(policy)) {
            return Optional.empty();
        }
        return Optional.of(node + " has maxmemory-policy " + policy + ": when memory runs out it may evict this "
                + "service's keys (counters, reservations, live state) and they would be silently under-counted or "
                + "lost; set maxmemory-policy " + SAFE);
    }

    /** The policy INFO memory reports (managed Redis services that disable CONFIG still answer INFO). */
    static String policy(String infoMemory) {
        for (String line : infoMemory.split("\\r?\\n")) {
            if (line.startsWith("maxmemory_policy:")) {
                return line.substring("maxmemory_policy:".length()).trim();
            }
        }
        return "unknown";
    }
}
