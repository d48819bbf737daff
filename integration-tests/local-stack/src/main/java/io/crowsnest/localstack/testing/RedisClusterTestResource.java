package io.crowsnest.localstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import io.crowsnest.localstack.LocalRedisCluster;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts a real three-node Redis Cluster for a {@code @QuarkusTest} and points the service at it. */
public class RedisClusterTestResource implements QuarkusTestResourceLifecycleManager {

    private LocalRedisCluster cluster;

    @Override
    public Map<String, String> start() {
        try {
            cluster = LocalRedisCluster.start(List.of(FreePort.pick(), FreePort.pick(), FreePort.pick()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("crowsnest.redis.uri", cluster.uri(), "crowsnest.redis.cluster", "true");
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
