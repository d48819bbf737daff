package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * An erasure one service could not take when it was asked (profile was unavailable) is completed
 * by the gateway's erasure sweep once that service is back, without anyone reading the erasure
 * again: against real gRPC servers on the services' test ports that answer ForgetPerson.
 */
@QuarkusTest
@TestProfile(ErasureSweepTest.QuickSweep.class)
class ErasureSweepTest {

    /** The services' test ports, a sweep every second. */
    public static class QuickSweep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("crowsnest.gateway.erasure-sweep", "1S");
        }
    }

    @Inject
    MongoDatabase database;

    private final List<Server> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Server server : servers) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anErasureAServiceCouldNotTakeIsCompletedByTheSweepWithoutBeingReadAgain() throws IOException {
        String person = "p-" + UUID.randomUUID();
        AtomicBoolean profileDown = new AtomicBoolean(true);
        AtomicInteger profileAsked = new AtomicInteger();
        serve(19181, new IdentityServiceGrpc.IdentityServiceImplBase() {
            @Override
            public void forgetPerson(io.crowsnest.identity.v1.ForgetPersonRequest request,
                    StreamObserver<io.crowsnest.identity.v1.ForgetPersonResponse> answer) {
                reply(answer, io.crowsnest.identity.v1.ForgetPersonResponse.newBuilder()
                        .addForgottenPersonIds(request.getPersonId()).build());
            }
        });
        serve(19182, new ProfileServiceGrpc.ProfileServiceImplBase() {
            @Override
            public void forgetPerson(io.crowsnest.profile.v1.ForgetPersonRequest request,
                    StreamObserver<io.crowsnest.profile.v1.ForgetPersonResponse> answer) {
                profileAsked.incrementAndGet();
                if (profileDown.get()) {
                    answer.onError(Status.UNAVAILABLE.withDescription("profile is restarting").asRuntimeException());
                    return;
                }
                reply(answer, io.crowsnest.profile.v1.ForgetPersonResponse.newBuilder()
                        .addForgottenPersonIds(request.getPersonId()).build());
            }
        });
        serve(19183, new ScoringServiceGrpc.ScoringServiceImplBase() {
            @Override
            public void forgetPerson(io.crowsnest.scoring.v1.ForgetPersonRequest request,
                    StreamObserver<io.crowsnest.scoring.v1.ForgetPersonResponse> answer) {
                reply(answer, io.crowsnest.scoring.v1.ForgetPersonResponse.getDefaultInstance());
            }
        });
        serve(19184, new DecisioningServiceGrpc.DecisioningServiceImplBase() {
            @Override
            public void forgetPerson(io.crowsnest.decisioning.v1.ForgetPersonRequest request,
                    StreamObserver<io.crowsnest.decisioning.v1.ForgetPersonResponse> answer) {
                reply(answer, io.crowsnest.decisioning.v1.ForgetPersonResponse.getDefaultInstance());
            }
        });
        serve(19185, new ContactGovernanceServiceGrpc.ContactGovernanceServiceImplBase() {
            @Override
            public void forgetPerson(io.crowsnest.contactgovernance.v1.ForgetPersonRequest request,
                    StreamObserver<io.crowsnest.contactgovernance.v1.ForgetPersonResponse> answer) {
                reply(answer, io.crowsnest.contactgovernance.v1.ForgetPersonResponse.getDefaultInstance());
            }
        });
        serve(19186, new AlertNotificationServiceGrpc.AlertNotificationServiceImplBase() {
            @Override
            public void forgetPerson(io.crowsnest.alertnotification.v1.ForgetPersonRequest request,
                    StreamObserver<io.crowsnest.alertnotification.v1.ForgetPersonResponse> answer) {
                reply(answer, io.crowsnest.alertnotification.v1.ForgetPersonResponse.getDefaultInstance());
            }
        });

        String key = "k-" + UUID.randomUUID();
        asAdmin().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"person_id\": \"" + person + "\", \"reason\": {\"code\": \"GDPR_ERASURE\"}}")
                .when().post("/api/v1/erasures").then().statusCode(202);
        String id = "er-" + UUID.nameUUIDFromBytes(("erasure:" + key).getBytes(StandardCharsets.UTF_8));
        Document started = database.getCollection("erasures").find(Filters.eq("_id", id)).first();
        assertEquals(false, started.getBoolean("complete"), "profile could not take it yet");

        profileDown.set(false);
        Document done = Await.until(Duration.ofSeconds(30),
                () -> database.getCollection("erasures").find(Filters.eq("_id", id)).first(),
                d -> Boolean.TRUE.equals(d.getBoolean("complete")), "the sweep completes the erasure");
        assertTrue(done.get("services", Document.class).get("profile", Document.class).getBoolean("erased"));
        assertTrue(profileAsked.get() >= 2, "profile was asked again by the sweep");
    }

    private void serve(int port, BindableService service) throws IOException {
        servers.add(ServerBuilder.forPort(port).addService(service).build().start());
    }

    private static <T> void reply(StreamObserver<T> answer, T response) {
        answer.onNext(response);
        answer.onCompleted();
    }
}
