package io.crowsnest.decisioning;

import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.ServiceContractTest;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The decisioning service against its real stores, through a real gRPC client. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class DecisioningServiceTest extends ServiceContractTest {

    DecisioningServiceTest() {
        super(DecisioningServiceGrpc.getServiceDescriptor(), "mongodb");
    }
}
