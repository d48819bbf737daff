package io.crowsnest.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import redis.clients.jedis.Jedis;

/**
 * A real Redis Cluster of three masters (no replicas) on this machine, for tests that prove code
 * runs unchanged on a cluster: slots are split evenly, the nodes meet, and start returns once
 * every node reports cluster_state:ok.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private static final int SLOTS = 16384;

    private final List<LocalRedis> nodes = new ArrayList<>();

    private LocalRedisCluster() {
    }

    public static LocalRedisCluster start(List<Integer> ports) throws IOException {
        LocalRedisCluster cluster = new LocalRedisCluster();
        Path dir = Files.createTempDirectory("crowsnest-redis-cluster");
        try {
            for (int port : ports) {
                cluster.nodes.add(LocalRedis.startWith(port, dir.resolve(Integer.toString(port)), null,
                        List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                                "--cluster-node-timeout", "5000")));
            }
            cluster.form();
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void form() throws IOException {
        int per = SLOTS / nodes.size();
        for (int i = 0; i < nodes.size(); i++) {
            int from = i * per;
            int to = i == nodes.size() - 1 ? SLOTS : from + per;
            try (Jedis jedis = new Jedis("127.0.0.1", nodes.get(i).port())) {
                jedis.clusterAddSlots(IntStream.range(from, to).toArray());
                if (i > 0) {
                    jedis.clusterMeet("127.0.0.1", nodes.get(0).port());
                }
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!allOk()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the Redis Cluster on ports " + ports() + " did not reach cluster_state:ok");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while forming the cluster", e);
            }
        }
    }

    private boolean allOk() {
        for (LocalRedis node : nodes) {
            try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
                String info = jedis.clusterInfo();
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + nodes.size())) {
                    return false;
                }
            }
        }
        return true;
    }

    public List<Integer> ports() {
        return nodes.stream().map(LocalRedis::port).toList();
    }

    /** A URI naming one node; a cluster client discovers the others from it. */
    public String uri() {
        return nodes.get(0).uri();
    }

    @Override
    public void close() {
        nodes.forEach(LocalRedis::close);
    }
}
