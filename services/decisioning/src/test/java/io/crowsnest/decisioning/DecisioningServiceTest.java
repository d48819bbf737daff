package io.crowsnest.decisioning;

import java.util.List;

import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.localstack.testing.ServiceContractTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The decisioning service against its real store and neighbours, through a real gRPC client:
 * health, reflection, and every RPC implemented.
 */
@QuarkusTest
@QuarkusTestResource(value = Neighbours.class, restrictToAnnotatedClass = true)
class DecisioningServiceTest extends ServiceContractTest {

    DecisioningServiceTest() {
        super(DecisioningServiceGrpc.getServiceDescriptor(), "mongodb");
    }

    @Override
    protected List<String> implementedMethods() {
        return List.of("Decide", "GetDecision", "ListDecisions", "RecordOutcome", "CreateAction", "UpdateAction",
                "GetAction", "ListActions", "RetireAction", "ListActionChanges", "ForgetPerson", "LaunchCampaign",
                "DryRunCampaign", "GetCampaign", "ListCampaigns", "PauseCampaign", "ResumeCampaign", "CancelCampaign",
                "GetCampaignReport", "RecordCampaignResponse");
    }
}
