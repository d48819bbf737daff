package io.crowsnest.localstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.crowsnest.localstack.LocalRedis;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts a real redis-server for a {@code @QuarkusTest} and points the service at it. */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    private LocalRedis redis;

    @Override
    public Map<String, String> start() {
        try {
            redis = LocalRedis.start(FreePort.pick(), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("crowsnest.redis.uri", redis.uri());
    }

    /** Hands the server to fields of type LocalRedis in the test, e.g. to take it down. */
    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(redis, new TestInjector.MatchesType(LocalRedis.class));
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.close();
        }
    }
}
