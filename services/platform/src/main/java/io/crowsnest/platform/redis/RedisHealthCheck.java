package io.crowsnest.platform.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.arc.properties.IfBuildProperty;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;

/**
 * Ready only while the service's Redis answers PING (every node, for a cluster) and, unless
 * configured otherwise, cannot evict the service's keys by itself ({@link EvictionPolicy}).
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "crowsnest.redis.enabled", stringValue = "true")
public class RedisHealthCheck implements HealthCheck {

    @Inject
    UnifiedJedis jedis;
    @Inject
    RedisSettings settings;

    @Override
    public HealthCheckResponse call() {
        try {
            if (settings.requireNoEviction()) {
                java.util.Optional<String> problem = EvictionPolicy.problem(jedis);
                if (problem.isPresent()) {
                    return HealthCheckResponse.named("redis").down().withData("error", problem.get()).build();
                }
            }
            if (jedis instanceof JedisCluster cluster) {
                // Every node must answer: a person's keys may live on any of them.
                for (ConnectionPool node : cluster.getClusterNodes().values()) {
                    try (Connection connection = node.getResource()) {
                        if (!connection.ping()) {
                            return HealthCheckResponse.named("redis").down().build();
                        }
                    }
                }
                return HealthCheckResponse.named("redis").up()
                        .withData("nodes", cluster.getClusterNodes().size()).build();
            }
            String pong = jedis.ping();
            return HealthCheckResponse.named("redis").status("PONG".equals(pong)).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("redis").down().withData("error", e.getMessage()).build();
        }
    }
}
