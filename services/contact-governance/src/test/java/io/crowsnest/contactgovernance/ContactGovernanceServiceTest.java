package io.crowsnest.contactgovernance;

import java.util.List;

import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.crowsnest.localstack.testing.ServiceContractTest;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The contact-governance service against its real stores, through a real gRPC client. */
@QuarkusTest
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
class ContactGovernanceServiceTest extends ServiceContractTest {

    ContactGovernanceServiceTest() {
        super(ContactGovernanceServiceGrpc.getServiceDescriptor(), "mongodb", "redis");
    }

    @Override
    protected List<String> implementedMethods() {
        return List.of("CheckEligibility", "CheckEligibilityBatch", "ReserveContact", "GetReservation", "CommitReservation",
                "ReleaseReservation", "RecordExternalContact", "RecordContactOutcome", "ListContactHistory",
                "GetConsents", "SetConsents", "ListConsentChanges", "UpsertPolicy", "GetPolicy", "ListPolicies",
                "ListPolicyVersions", "ActivatePolicyVersion", "ReserveContactBatch", "MergePersons", "ForgetPerson", "SimulatePolicy",
                "GetContactPressure");
    }
}
