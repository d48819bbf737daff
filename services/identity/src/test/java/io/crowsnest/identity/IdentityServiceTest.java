package io.crowsnest.identity;

import java.util.List;

import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.ServiceContractTest;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The identity service against its real stores, through a real gRPC client. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
class IdentityServiceTest extends ServiceContractTest {

    IdentityServiceTest() {
        super(IdentityServiceGrpc.getServiceDescriptor(), "mongodb");
    }

    @Override
    protected List<String> implementedMethods() {
        return List.of("ResolvePerson", "ResolvePersons", "LookupPerson", "GetIdentity", "LinkPersons", "UnmergePersons",
                "ForgetPerson", "StreamIdentityChanges", "ListIdentifierTypes", "GetDeliveryAddresses", "ListTombstones");
    }
}
