package io.crowsnest.scoring.store;

import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Finds every person Redis holds live (its features hash {@code sc:{id}:f}) with SCAN: on Redis
 * Cluster on every primary node in turn (a SCAN only sees its node's keys), otherwise on the one
 * server. Incremental and non-blocking: persons written or erased during the walk may or may not
 * be seen (SCAN's guarantee is only that keys present throughout are returned, possibly twice).
 */
@ApplicationScoped
public class PersonScan {

    private static final String PREFIX = "sc:{";
    private static final String SUFFIX = "}:f";

    @Inject
    UnifiedJedis jedis;

    public void forEach(Consumer<String> action) {
        if (jedis instanceof JedisCluster cluster) {
            for (ConnectionPool pool : cluster.getClusterNodes().values()) {
                try (Jedis node = new Jedis(pool.getResource())) {
                    if (node.info("replication").contains("role:master")) {
                        scan((cursor, params) -> node.scan(cursor, params), action);
                    }
                }
            }
        } else {
            scan((cursor, params) -> jedis.scan(cursor, params), action);
        }
    }

    private interface Scanner {
        ScanResult<String> scan(String cursor, ScanParams params);
    }

    private static void scan(Scanner scanner, Consumer<String> action) {
        ScanParams params = new ScanParams().match(PREFIX + "*" + SUFFIX).count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = scanner.scan(cursor, params);
            List<String> keys = page.getResult();
            for (String key : keys) {
                action.accept(key.substring(PREFIX.length(), key.length() - SUFFIX.length()));
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    }
}
