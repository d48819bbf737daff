package io.crowsnest.gateway;

import static io.crowsnest.gateway.testing.TestIssuer.asAgent;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;

import io.crowsnest.localstack.testing.Await;
import io.crowsnest.platform.time.MovableClock;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.GetProfileResponse;
import io.crowsnest.profile.v1.Profile;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.scoring.v1.GetPopulationViewRequest;
import io.crowsnest.scoring.v1.GetPopulationViewResponse;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.GetScoresResponse;
import io.crowsnest.scoring.v1.PersonScores;
import io.crowsnest.scoring.v1.ProfitabilityTier;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.crowsnest.scoring.v1.TierSize;
import io.crowsnest.scoring.v1.ValueScores;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * The 360's value rank and scoring's population view, through HTTP against real gRPC servers on
 * profile's and scoring's test ports: the view is read once at a time however many 360s need it, a
 * not-ready answer is kept for the retry interval (the 360 says why it shows no rank) instead of
 * being asked again per request, and a good view is kept for its freshness.
 */
@QuarkusTest
@TestProfile(PopulationRankTest.OwnApplication.class)
class PopulationRankTest {

    /** An application of its own: the kept population view is this test's alone. */
    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // long enough that the test's own run time never counts; the test moves the clock past them
            return Map.of("crowsnest.gateway.population-refresh", "10M", "crowsnest.gateway.population-retry", "1M");
        }
    }

    @Inject
    MovableClock clock;

    private final AtomicInteger viewCalls = new AtomicInteger();
    private final AtomicInteger scoresCalls = new AtomicInteger();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicReference<CountDownLatch> viewGate = new AtomicReference<>(new CountDownLatch(0));
    private final List<Server> servers = new ArrayList<>();

    @BeforeEach
    void startNeighbours() throws IOException {
        // whatever an earlier test left kept is past its freshness
        clock.advance(Duration.ofMinutes(20));
        servers.add(ServerBuilder.forPort(19182).addService(new ProfileServiceGrpc.ProfileServiceImplBase() {
            @Override
            public void getProfile(GetProfileRequest request, StreamObserver<GetProfileResponse> answer) {
                answer.onNext(GetProfileResponse.newBuilder().setProfile(Profile.newBuilder()
                        .setPersonId(request.getPerson().getPersonId())).build());
                answer.onCompleted();
            }
        }).build().start());
        servers.add(ServerBuilder.forPort(19183).addService(new ScoringServiceGrpc.ScoringServiceImplBase() {
            @Override
            public void getScores(GetScoresRequest request, StreamObserver<GetScoresResponse> answer) {
                scoresCalls.incrementAndGet();
                answer.onNext(GetScoresResponse.newBuilder().setScores(PersonScores.newBuilder().setValue(
                        ValueScores.newBuilder().setProfitability(ProfitabilityTier.newBuilder().setTierId("high")
                                .setRank(1)))).build());
                answer.onCompleted();
            }

            @Override
            public void getPopulationView(GetPopulationViewRequest request,
                    StreamObserver<GetPopulationViewResponse> answer) {
                viewCalls.incrementAndGet();
                try {
                    viewGate.get().await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (!ready.get()) {
                    answer.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                            .setCode(io.grpc.Status.Code.UNAVAILABLE.value())
                            .setMessage("the population snapshot behind the view is not taken yet on this replica")
                            .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("POPULATION_VIEW_NOT_READY")
                                    .setDomain("crowsnest").build()))
                            .build()));
                    return;
                }
                answer.onNext(GetPopulationViewResponse.newBuilder().setPersonCount(100)
                        .addTierSizes(TierSize.newBuilder().setTierId("high").setPersonCount(10))
                        .addTierSizes(TierSize.newBuilder().setTierId("low").setPersonCount(90)).build());
                answer.onCompleted();
            }
        }).build().start());
    }

    @AfterEach
    void stopNeighbours() throws InterruptedException {
        viewGate.get().countDown();
        for (Server server : servers) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNotReadyViewIsKeptForTheRetryIntervalAndTheRankShowsOnceScoringHasIt() throws Exception {
        the360().body("value_rank_unavailable", is("scoring has not taken its population snapshot yet (it started "
                + "a moment ago)"));
        assertEquals(1, viewCalls.get());
        for (ExtractableResponse<Response> page : the360s(12)) {
            assertTrue(page.path("value_rank_unavailable").toString().contains("population snapshot"));
        }
        assertEquals(1, viewCalls.get(), "the not-ready answer is kept: 12 more 360s, no call");

        ready.set(true);
        clock.advance(Duration.ofSeconds(30));
        the360().body("value_rank_unavailable", containsString("population snapshot"));
        assertEquals(1, viewCalls.get(), "still within the retry interval");

        clock.advance(Duration.ofSeconds(31));
        the360().body("value_rank.tier_id", is("high")).body("value_rank.tier_rank", is(1));
        assertEquals(2, viewCalls.get(), "asked again once the retry interval passed");
        clock.advance(Duration.ofMinutes(5));
        for (ExtractableResponse<Response> page : the360s(12)) {
            assertEquals("high", page.path("value_rank.tier_id"));
        }
        assertEquals(2, viewCalls.get(), "the good view is kept for its freshness");
        clock.advance(Duration.ofMinutes(6));
        the360().body("value_rank.tier_id", is("high"));
        assertEquals(3, viewCalls.get(), "and read again after it");
    }

    @Test
    void concurrent360sReadTheViewOnceAtATime() throws Exception {
        ready.set(true);
        CountDownLatch gate = new CountDownLatch(1);
        viewGate.set(gate);
        int pages = 16;
        ExecutorService pool = Executors.newFixedThreadPool(pages);
        List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            answers.add(pool.submit(() -> asAgent("ann").when().get("/api/v1/customers/p-rank").then()
                    .statusCode(200).extract()));
        }
        // every 360 has its value scores and goes on to the rank while the one view read is held
        Await.until(Duration.ofSeconds(60), () -> scoresCalls.get() == pages, "every 360 asked for the scores");
        gate.countDown();
        for (Future<ExtractableResponse<Response>> answer : answers) {
            assertEquals("high", answer.get(1, TimeUnit.MINUTES).path("value_rank.tier_id"));
        }
        pool.shutdown();
        assertEquals(1, viewCalls.get(), pages + " 360s at once, one read of the population view");
    }

    private static io.restassured.response.ValidatableResponse the360() {
        return asAgent("ann").when().get("/api/v1/customers/p-rank").then().log().ifValidationFails().statusCode(200);
    }

    private static List<ExtractableResponse<Response>> the360s(int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                answers.add(pool.submit(() -> the360().extract()));
            }
            List<ExtractableResponse<Response>> pages = new ArrayList<>();
            for (Future<ExtractableResponse<Response>> answer : answers) {
                pages.add(answer.get(1, TimeUnit.MINUTES));
            }
            return pages;
        } finally {
            pool.shutdown();
        }
    }
}
