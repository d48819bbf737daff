package io.crowsnest.scoring;

import java.util.List;

import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The behaviour tests' application: real MongoDB and Redis and a stand-in for identity, shared by
 * every class with this profile (one start). The contract test runs in an application of its own,
 * since it restarts Redis under the service.
 */
public class Stores implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(MongoTestResource.class), new TestResourceEntry(RedisTestResource.class),
                new TestResourceEntry(IdentityStub.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
