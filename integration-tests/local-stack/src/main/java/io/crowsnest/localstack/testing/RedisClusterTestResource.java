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
        // ports are free when picked, but another process may take one (or its bus port, +10000)
        // before the node binds it: start again on fresh ports a few times before giving up
        IOException last = null;
        for (int attempt = 0; attempt < 4 && cluster == null; attempt++) {
            try {
                cluster = LocalRedisCluster.start(List.of(FreePort.pickWithBusPort(), FreePort.pickWithBusPort(),
                        FreePort.pickWithBusPort()));
            } catch (IOException e) {
                last = e;
            }
        }
        if (cluster == null) {
            throw new UncheckedIOException(last);
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
