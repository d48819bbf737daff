package io.crowsnest.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.crowsnest.common.v1.Channel;

import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.localstack.testing.RedisTestResource;
import io.crowsnest.localstack.testing.ServiceContractTest;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventResult;
import io.crowsnest.scoring.v1.ObserveEventsRequest;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
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
                "DeleteSegmentationSystem", "UpsertSegment", "GetSegment", "ListSegments", "ListSegmentMembers", "DeleteSegment",
                "GetPopulationView",
                "StreamSegmentTransitions");
    }

    /** Runs in this class because it takes Redis down under the service. */
    @Test
    void aBatchThatMeetsARedisOutageAnswersEveryEventUnavailableAndAppliesThemOnceRedisIsBack() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        try {
            var stub = ScoringServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
            ObserveEventsRequest.Builder batch = ObserveEventsRequest.newBuilder();
            String run = UUID.randomUUID().toString();
            for (int i = 0; i < 3; i++) {
                Instant now = Instant.now();
                batch.addEvents(ObserveEventRequest.newBuilder().setEventId("outage-" + run + "-" + i)
                        .setPersonId("outage-" + run + "-" + i).setEventType("page_view")
                        .setChannel(Channel.CHANNEL_WEB).setSource("web-analytics")
                        .setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond())));
            }
            redis.close();
            List<ObserveEventResult> down;
            try {
                down = stub.observeEvents(batch.build()).getResultsList();
            } finally {
                redis.restart();
            }
            assertEquals(3, down.size());
            for (ObserveEventResult result : down) {
                assertEquals(Status.Code.UNAVAILABLE.value(), result.getError().getCode(), result.toString());
                assertEquals("REDIS_UNAVAILABLE", result.getError().getReason());
            }
            List<ObserveEventResult> back = stub.observeEvents(batch.build()).getResultsList();
            for (ObserveEventResult result : back) {
                assertTrue(result.hasObserved(), result.toString());
                assertFalse(result.getObserved().getDuplicate(), "nothing was observed while Redis was down");
            }
        } finally {
            channel.shutdownNow();
        }
    }
}
