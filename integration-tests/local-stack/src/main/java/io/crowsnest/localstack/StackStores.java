package io.crowsnest.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stores of a local stack: the MongoDB wire-protocol server (in this JVM) and each service's
 * redis-server, started, taken away and brought back as the fault tests and benchmarks need. A
 * durable stack keeps their data under its state directory; an in-memory one starts them empty.
 */
final class StackStores {

    private final LocalStack.Options options;
    private final Map<String, LocalRedis> redis = new LinkedHashMap<>();
    private LocalMongo mongo;
    private boolean mongoRunning;
    private boolean closed;

    StackStores(LocalStack.Options options) {
        this.options = options;
    }

    /** A new MongoDB server on the stack's port: on the data file when durable, else in memory. */
    LocalMongo openMongo() throws IOException {
        Path data = options.stateDir().resolve("data");
        return options.durable() ? LocalMongo.durable(data.resolve("mongo.mv.db"), options.ports().mongo())
                : LocalMongo.inMemory(options.ports().mongo());
    }

    /** Takes a started MongoDB server as the stack's. */
    synchronized void adoptMongo(LocalMongo started) {
        mongo = started;
        mongoRunning = true;
    }

    /** Starts the redis-server a service owns, on its port (its data kept when durable). */
    LocalRedis startRedisOf(ServiceSpec spec) throws IOException {
        return LocalRedis.start(options.ports().redis(spec), options.durable() ? redisDir(spec.name()) : null,
                options.stateDir().resolve("logs").resolve("redis-" + spec.name() + ".log"));
    }

    /** Takes a started redis-server as the one {@code serviceName} owns. */
    synchronized void adoptRedis(String serviceName, LocalRedis server) {
        redis.put(serviceName, server);
    }

    /** Closes MongoDB's open connections and refuses new ones until {@link #startMongo()}. */
    synchronized void stopMongo() {
        if (mongoRunning) {
            mongoRunning = false;
            mongo.close();
        }
    }

    /** Starts MongoDB again on its port: durable data is found again, in-memory data is gone. */
    synchronized void startMongo() throws IOException {
        if (closed || mongoRunning) {
            throw new IllegalStateException(closed ? "the stack is stopped" : "MongoDB is running");
        }
        mongo = openMongo();
        mongoRunning = true;
    }

    /** Stops a service's Redis (SIGTERM: it writes its append-only file out first). */
    void stopRedis(String serviceName) {
        redisOf(serviceName).close();
    }

    /**
     * Starts a service's Redis again on its port and returns once it answers PING; with
     * {@code empty} its files are deleted first, as when a Redis is lost and replaced.
     */
    void startRedis(String serviceName, boolean empty) throws IOException {
        LocalRedis server = redisOf(serviceName);
        Path dir = redisDir(serviceName);
        if (empty && Files.isDirectory(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    if (!file.equals(dir)) {
                        Files.delete(file);
                    }
                }
            }
        }
        server.resume();
    }

    /** Where a durable stack keeps the Redis data of {@code serviceName}. */
    private Path redisDir(String serviceName) {
        return options.stateDir().resolve("data").resolve("redis-" + serviceName);
    }

    private synchronized LocalRedis redisOf(String serviceName) {
        LocalRedis server = redis.get(serviceName);
        if (server == null) {
            throw new IllegalArgumentException(serviceName + " owns no Redis in this stack");
        }
        return server;
    }

    synchronized String redisUri(String serviceName) {
        return redisOf(serviceName).uri();
    }

    synchronized String mongoUri() {
        return mongo.connectionString();
    }

    /** Each redis-server's process id, by the service that owns it. */
    synchronized Map<String, Long> redisPids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        redis.forEach((service, server) -> pids.put(service, server.pid()));
        return pids;
    }

    /** Stops every Redis and MongoDB; the stores cannot be started again. */
    synchronized void close() {
        closed = true;
        redis.values().forEach(LocalRedis::close);
        stopMongo();
    }
}
