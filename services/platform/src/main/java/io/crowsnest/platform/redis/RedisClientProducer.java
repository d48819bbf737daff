package io.crowsnest.platform.redis;

import java.net.URI;
import java.util.Set;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.properties.IfBuildProperty;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the service's Jedis client from {@link RedisSettings}, only in services that own Redis: a
 * pooled client for one endpoint, or a cluster client. Services inject {@link UnifiedJedis}, so the
 * same code runs on both.
 */
@Singleton
@IfBuildProperty(name = "crowsnest.redis.enabled", stringValue = "true")
public class RedisClientProducer {

    @Produces
    @Singleton
    UnifiedJedis jedis(RedisSettings settings) {
        URI uri = URI.create(settings.uri());
        int timeoutMillis = (int) settings.timeout().toMillis();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .ssl("rediss".equals(uri.getScheme()));
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                config.password(userInfo);
            } else {
                if (colon > 0) {
                    config.user(userInfo.substring(0, colon));
                }
                config.password(userInfo.substring(colon + 1));
            }
        }
        JedisClientConfig clientConfig = config.build();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.maxConnections());
        pool.setMaxIdle(settings.maxConnections());
        pool.setMaxWait(settings.timeout());
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        HostAndPort node = new HostAndPort(uri.getHost(), port);
        if (settings.cluster()) {
            GenericObjectPoolConfig<Connection> nodePool = new GenericObjectPoolConfig<>();
            nodePool.setMaxTotal(settings.maxConnections());
            nodePool.setMaxIdle(settings.maxConnections());
            nodePool.setMaxWait(settings.timeout());
            return new JedisCluster(Set.of(node), clientConfig, 5, nodePool);
        }
        return new JedisPooled(pool, node, clientConfig);
    }

    void close(@Disposes UnifiedJedis jedis) {
        jedis.close();
    }
}
