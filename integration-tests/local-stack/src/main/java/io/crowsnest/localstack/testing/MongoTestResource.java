package io.crowsnest.localstack.testing;

import java.util.Map;

import io.crowsnest.localstack.LocalMongo;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts an in-memory MongoDB wire-protocol server for a {@code @QuarkusTest} and points the
 * service at it through {@code CROWSNEST_MONGODB_URI}.
 */
public class MongoTestResource implements QuarkusTestResourceLifecycleManager {

    private LocalMongo mongo;

    @Override
    public Map<String, String> start() {
        mongo = LocalMongo.inMemory(FreePort.pick());
        return Map.of("crowsnest.mongodb.uri", mongo.connectionString());
    }

    @Override
    public void stop() {
        if (mongo != null) {
            mongo.close();
        }
    }
}
