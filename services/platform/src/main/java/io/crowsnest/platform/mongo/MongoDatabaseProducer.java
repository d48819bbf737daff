package io.crowsnest.platform.mongo;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

import io.quarkus.arc.properties.IfBuildProperty;

/**
 * The one MongoDB database this service owns ({@code quarkus.mongodb.database}). Services inject
 * the database, never the client, so that no code can reach another service's database.
 */
@Singleton
@IfBuildProperty(name = "crowsnest.mongo.enabled", stringValue = "true")
public class MongoDatabaseProducer {

    @Produces
    @Singleton
    MongoDatabase database(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String name) {
        return client.getDatabase(name);
    }
}
