package io.crowsnest.platform.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.arc.properties.IfBuildProperty;
import redis.clients.jedis.JedisPooled;

/** Ready only while the service's Redis answers PING. */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "crowsnest.redis.enabled", stringValue = "true")
public class RedisHealthCheck implements HealthCheck {

    @Inject
    JedisPooled jedis;

    @Override
    public HealthCheckResponse call() {
        try {
            String pong = jedis.ping();
            return HealthCheckResponse.named("redis").status("PONG".equals(pong)).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("redis").down().withData("error", e.getMessage()).build();
        }
    }
}
