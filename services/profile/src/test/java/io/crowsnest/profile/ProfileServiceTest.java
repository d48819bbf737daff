package io.crowsnest.profile;

import java.util.List;

import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.ServiceContractTest;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The profile service against its real stores, through a real gRPC client. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(IdentityProcess.class)
@QuarkusTestResource(ScoringReceiver.class)
class ProfileServiceTest extends ServiceContractTest {

    ProfileServiceTest() {
        super(ProfileServiceGrpc.getServiceDescriptor(), "mongodb");
    }

    @Override
    protected List<String> implementedMethods() {
        return List.of("RecordEvent", "RecordEvents", "GetProfile", "ListEvents", "UpdateAttributes",
                "RecordAnswer", "GetAttributeHistory", "ExportProfile", "ForgetPerson");
    }
}
