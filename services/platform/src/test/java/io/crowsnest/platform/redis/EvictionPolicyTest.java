package io.crowsnest.platform.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.crowsnest.localstack.LocalRedis;
import io.crowsnest.localstack.testing.FreePort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Protocol.Command;

/** A service is not ready on a real redis-server that may evict its keys, and says why. */
class EvictionPolicyTest {

    @TempDir
    Path dir;

    @Test
    void aRedisThatMayEvictKeysIsRefusedWithTheReasonAndNoevictionIsAccepted() throws Exception {
        int port = FreePort.pick();
        try (LocalRedis server = LocalRedis.start(port, null, dir.resolve("redis.log"));
                JedisPooled redis = new JedisPooled("127.0.0.1", port)) {
            assertEquals(Optional.empty(), EvictionPolicy.problem(redis));

            redis.sendCommand(Command.CONFIG, "SET", "maxmemory-policy", "allkeys-lru");
            Optional<String> problem = EvictionPolicy.problem(redis);
            assertTrue(problem.isPresent());
            assertTrue(problem.get().contains("allkeys-lru") && problem.get().contains("noeviction"), problem.get());

            redis.sendCommand(Command.CONFIG, "SET", "maxmemory-policy", "volatile-ttl");
            assertTrue(EvictionPolicy.problem(redis).isPresent(), "volatile policies evict keys that carry a TTL");
        }
    }

    @Test
    void thePolicyIsReadFromInfoMemory() {
        assertEquals("allkeys-lfu", EvictionPolicy.policy("# Memory\r\nused_memory:1\r\nmaxmemory_policy:allkeys-lfu\r\n"));
        assertEquals("unknown", EvictionPolicy.policy("# Memory\r\n"));
    }
}
