package io.crowsnest.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * The ceiling the service cannot beat: the same reserve script the service runs, with the same
 * rules (three caps), sent in a tight EVALSHA loop straight to the same Redis.
 */
final class RedisCeiling {

    private static final int PEOPLE = 2_000;
    private static final long WEEK_MS = Duration.ofDays(7).toMillis();

    private final JedisPooled jedis;
    private final String sha;

    RedisCeiling(String redisUri, Path script) throws IOException {
        URI uri = URI.create(redisUri);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(128);
        pool.setMaxIdle(128);
        jedis = new JedisPooled(pool, new HostAndPort(uri.getHost(), uri.getPort()),
                DefaultJedisClientConfig.builder().build());
        sha = jedis.scriptLoad(Files.readString(script));
        for (int i = 0; i < PEOPLE; i++) {
            jedis.hset("cg:{ceiling-" + i + "}:m", java.util.Map.of("loadedFrom", "0", "consentRev", "0"));
        }
    }

    Figures measure(int threads, Duration duration, PrintStream out) throws Exception {
        Figures figures = LoadRun.closedLoop("raw EVALSHA reserve script", threads, duration, thread -> once(), out);
        jedis.close();
        return figures;
    }

    private void once() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String person = "ceiling-" + random.nextInt(PEOPLE);
        long now = System.currentTimeMillis();
        String tag = "cg:{" + person + "}:";
        List<String> args = new ArrayList<>(List.of(Long.toString(now), Long.toString(now - WEEK_MS), "0",
                Long.toString(WEEK_MS * 2), Long.toString(now - WEEK_MS - 86_400_000L), "1",
                random.nextLong() + "|" + now + "|PUSH|cards|M|", Long.toString(now + 2_000), "1", "3"));
        args.addAll(List.of("", "", "", "M", Long.toString(WEEK_MS), "40"));
        args.addAll(List.of("PUSH", "", "", "M", Long.toString(WEEK_MS), "25"));
        args.addAll(List.of("", "cards", "", "M", Long.toString(WEEK_MS), "30"));
        args.add("0");
        jedis.evalsha(sha, List.of(tag + "c", tag + "h", tag + "m"), args);
    }
}
