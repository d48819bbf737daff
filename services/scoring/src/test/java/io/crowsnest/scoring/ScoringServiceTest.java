package io.crowsnest.scoring;

import java.util.List;

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
@QuarkusTestResource(IdentityStub.class)
class ScoringServiceTest extends ServiceContractTest {

    ScoringServiceTest() {
        super(ScoringServiceGrpc.getServiceDescriptor(), "mongodb", "redis");
    }

    @Override
    protected List<String> implementedMethods() {
        return List.of("UpsertScoringPlan", "GetScoringPlan", "ListScoringPlans", "ListScoringPlanVersions",
                "ActivateScoringPlanVersion", "ObserveEvent", "ObserveEvents", "ObserveAttributes", "GetScores", "ForgetPerson", "UpsertSegmentationSystem", "ListSegmentationSystems",
                "DeleteSegmentationSystem", "UpsertSegment", "GetSegment", "ListSegments", "DeleteSegment", "GetPopulationView",
                "StreamSegmentTransitions");
    }
}
