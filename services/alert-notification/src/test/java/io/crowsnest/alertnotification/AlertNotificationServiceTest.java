package io.crowsnest.alertnotification;

import java.util.List;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.crowsnest.localstack.testing.ServiceContractTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The alert-notification service against its real stores, through a real gRPC client. */
@QuarkusTest
@QuarkusTestResource(MongoTestResource.class)
@QuarkusTestResource(RedisTestResource.class)
@QuarkusTestResource(Neighbours.class)
@QuarkusTestResource(ProviderServer.class)
class AlertNotificationServiceTest extends ServiceContractTest {

    AlertNotificationServiceTest() {
        super(AlertNotificationServiceGrpc.getServiceDescriptor(), "mongodb", "redis");
    }

    @Override
    protected List<String> implementedMethods() {
        // every RPC of the contract has its behaviour
        return List.of("PublishAlert", "ListInbox", "MarkAlertsRead", "AcknowledgeAlert", "UpsertTeam", "GetTeam",
                "ListTeams", "SetOnDuty", "GetBriefingAcknowledgements", "DeliverMessage", "GetDeliveryStatus",
                "RecordDeliveryEvent", "SubscribeAlerts", "UpsertLeadRule", "ListLeadRules", "ListLeads",
                "RecordLeadOutcome", "ForgetPerson", "SubscribeCustomerActivity");
    }
}
