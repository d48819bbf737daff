package io.crowsnest.profile;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.localstack.testing.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * What profile's service tests share: the service under test on its real MongoDB, the real identity
 * service, the receiver playing scoring, gRPC clients of both services, and a reader of the store.
 * Scoring is left accepting after each test.
 */
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(IdentityProcess.class)
@QuarkusTestResource(ScoringReceiver.class)
abstract class ThroughGrpc {

    IdentityProcess.Address identityAddress;
    ScoringReceiver.Receiver scoring;
    @Inject
    MongoDatabase database;

    Profiles profiles;
    Stored stored;

    @BeforeEach
    void connect() {
        profiles = new Profiles(identityAddress);
        stored = new Stored(database);
    }

    @AfterEach
    void disconnect() {
        scoring.failWith(null);
        scoring.up();
        profiles.close();
    }
}
