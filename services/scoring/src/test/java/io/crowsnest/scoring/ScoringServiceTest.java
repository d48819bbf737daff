package io.crowsnest.scoring;

import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.crowsnest.localstack.testing.ServiceContractTest;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The scoring service against its real stores, through a real gRPC client. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
class ScoringServiceTest extends ServiceContractTest {

    ScoringServiceTest() {
        super(ScoringServiceGrpc.getServiceDescriptor(), "mongodb", "redis");
    }
}
