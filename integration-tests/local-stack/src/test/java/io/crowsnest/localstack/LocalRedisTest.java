package io.crowsnest.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.crowsnest.localstack.testing.FreePort;
import redis.clients.jedis.JedisPooled;

/** The local stack's Redis is a real redis-server that keeps data across a restart. */
class LocalRedisTest {

    @TempDir
    Path dir;

    @Test
    void aServerThatCannotBindItsPortSaysSoFromItsLog() throws Exception {
        int port = FreePort.pick();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.io.IOException failed = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> LocalRedis.start(port, null, dir.resolve("taken.log")));
            org.junit.jupiter.api.Assertions.assertTrue(failed.getMessage().contains("already in use"),
                    failed.getMessage());
        }
    }

    @Test
    void persistsAcrossRestartAndStopsCleanly() throws Exception {
        int port = FreePort.pick();
        LocalRedis first = LocalRedis.start(port, dir, dir.resolve("redis.log"));
        try (JedisPooled jedis = new JedisPooled("127.0.0.1", port)) {
            jedis.set("crowsnest:test", "kept");
            assertEquals("LUA", jedis.eval("return 'LUA'"), "a real server runs Lua scripts");
        }
        first.close();
        assertFalse(first.ping(), "stopped server no longer answers");

        try (LocalRedis second = LocalRedis.start(port, dir, dir.resolve("redis.log"));
                JedisPooled jedis = new JedisPooled("127.0.0.1", second.port())) {
            assertEquals("kept", jedis.get("crowsnest:test"));
        }
    }
}
