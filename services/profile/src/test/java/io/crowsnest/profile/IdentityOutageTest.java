package io.crowsnest.profile;

import static io.crowsnest.profile.Profiles.cookie;
import static io.crowsnest.profile.Profiles.pageView;
import static io.crowsnest.profile.Profiles.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.MongoTestResource;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.RecordEventResult;
import io.crowsnest.profile.v1.RecordEventsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** RecordEvents while identity cannot be reached: an application of its own, with nothing on identity's port. */
@QuarkusTest
@TestProfile(IdentityOutageTest.IdentityDown.class)
class IdentityOutageTest {

    /** MongoDB and the scoring receiver as usual; identity's address points at a port nobody listens on. */
    public static class IdentityDown implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MongoTestResource.class), new TestResourceEntry(ScoringReceiver.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("crowsnest.identity.host", "localhost",
                    "crowsnest.identity.port", Integer.toString(FreePort.pick()),
                    "crowsnest.profile.follow-identity-changes", "false");
        }
    }

    @Inject
    MongoDatabase database;

    @Test
    void aBatchWhileIdentityIsDownAnswersEveryEventUnavailableAndStoresNothing() {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        try {
            RecordEventsRequest.Builder batch = RecordEventsRequest.newBuilder();
            for (int i = 0; i < 40; i++) {
                batch.addEvents(pageView(cookie()).setEventId(unique("evt-")));
            }
            List<RecordEventResult> results = ProfileServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(2, TimeUnit.MINUTES).recordEvents(batch.build()).getResultsList();
            assertEquals(40, results.size());
            for (RecordEventResult result : results) {
                assertEquals(Status.Code.UNAVAILABLE.value(), result.getError().getCode(), result.toString());
                assertEquals("IDENTITY_UNAVAILABLE", result.getError().getReason());
            }
            assertEquals(0, database.getCollection("events").countDocuments());
            assertEquals(0, database.getCollection("outbox").countDocuments());
        } finally {
            channel.shutdownNow();
        }
    }
}
