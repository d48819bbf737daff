package io.crowsnest.scoring;

import static io.crowsnest.scoring.Scoring.error;
import static io.crowsnest.scoring.Scoring.event;
import static io.crowsnest.scoring.Scoring.unique;
import static io.crowsnest.scoring.Scoring.reason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.crowsnest.localstack.testing.Await;
import io.crowsnest.common.v1.Money;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.time.MovableClock;
import io.crowsnest.scoring.jobs.PopulationSnapshots;
import io.crowsnest.scoring.service.PopulationViewService;
import io.crowsnest.scoring.v1.GetPopulationViewRequest;
import io.crowsnest.scoring.v1.GetPopulationViewResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * GetPopulationView while this replica's first walk of the population is under way (held at a gate):
 * refused at once as not ready, never walking inside the call, and no second walk however many calls
 * and job passes come meanwhile; once the walk ends, the view. Then persons added after a walk are
 * counted by a walk the view asks the job for, the call answering from the snapshot it has.
 */
@QuarkusTest
@TestProfile(PopulationWalkTest.HeldWalk.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PopulationWalkTest extends WithScoringClient {

    /** The behaviour tests' stores, the population's SCAN held at a gate, no scheduled walk but the first. */
    public static class HeldWalk extends Stores {

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(GatedPersonScan.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("crowsnest.scoring.population-snapshot-interval", "1H");
        }
    }

    @Inject
    PopulationSnapshots snapshots;
    @Inject
    PopulationViewService population;
    @Inject
    MovableClock clock;

    private static final GetPopulationViewRequest TIERS = GetPopulationViewRequest.newBuilder()
            .addScoreNames("churn_risk").setBucketCount(1).build();

    @Test
    @Order(1)
    void answersAtOnceUntilTheFirstSnapshotAndNeverWalksTwiceAtATime() throws Exception {
        try {
            assertTrue(GatedPersonScan.ENTERED.await(1, TimeUnit.MINUTES), "the start-up walk begins by itself");
            assertEquals(1, population.walks());

            // the call is answered while the only walk is held: it cannot have walked or waited for one
            StatusRuntimeException notReady = error(() -> scoring.stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .getPopulationView(TIERS));
            assertEquals(Status.Code.UNAVAILABLE, notReady.getStatus().getCode());
            assertEquals("POPULATION_VIEW_NOT_READY", reason(notReady));
            assertTrue(notReady.getStatus().getDescription().contains("first walk of the persons is under way"),
                    notReady.getStatus().getDescription());

            int callers = 16;
            ExecutorService pool = Executors.newFixedThreadPool(callers * 2);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Status.Code>> calls = new ArrayList<>();
            List<Future<Boolean>> passes = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    try {
                        scoring.stub.withDeadlineAfter(30, TimeUnit.SECONDS).getPopulationView(TIERS);
                        return Status.Code.OK;
                    } catch (StatusRuntimeException e) {
                        return e.getStatus().getCode();
                    }
                }));
                passes.add(pool.submit(() -> {
                    start.await();
                    return snapshots.refresh();
                }));
            }
            start.countDown();
            for (Future<Status.Code> call : calls) {
                assertEquals(Status.Code.UNAVAILABLE, call.get(1, TimeUnit.MINUTES));
            }
            for (Future<Boolean> pass : passes) {
                assertFalse(pass.get(1, TimeUnit.MINUTES), "a job pass during a walk starts no second walk");
            }
            pool.shutdown();
            assertEquals(1, population.walks(), "32 calls and passes during the walk, still one walk");
        } finally {
            GatedPersonScan.OPEN.countDown();
        }

        Instant opened = Instant.now();
        GetPopulationViewResponse view = Await.succeeds(Duration.ofSeconds(30),
                () -> scoring.stub.getPopulationView(TIERS), "the view once the first walk ended");
        assertEquals(1, view.getScoreHistogramsCount());
        assertTrue(Timestamps.instant(view.getSnapshotAt()).isBefore(opened), "the held walk's snapshot");
        assertEquals(1, population.walks());

        assertTrue(snapshots.refresh(), "a pass with no walk under way walks");
        assertEquals(2, population.walks());
        GetPopulationViewResponse next = scoring.stub.getPopulationView(TIERS);
        assertFalse(Timestamps.instant(next.getSnapshotAt()).isBefore(Timestamps.instant(view.getSnapshotAt())));
    }

    @Test
    @Order(2)
    void personsAddedAfterTheWalkAreCountedByAWalkTheViewAsksForNotByTheCall() {
        GatedPersonScan.OPEN.countDown();
        Await.until(Duration.ofSeconds(30), () -> snapshots.refresh(), "a walk of this test's own");
        long walked = population.walks();
        scoring.observe(event(unique("person-"), "purchase", Instant.now()).toBuilder()
                .setPurchaseAmount(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(250_000)).build());
        GetPopulationViewResponse young = scoring.stub.getPopulationView(TIERS);
        assertEquals(walked, population.walks(), "a snapshot younger than the catch-up gap is answered as it is");

        clock.advance(Duration.ofSeconds(31));
        try {
            GetPopulationViewResponse old = scoring.stub.getPopulationView(TIERS);
            assertEquals(young.getSnapshotAt(), old.getSnapshotAt(), "the call answers from the snapshot it has");
            Await.until(Duration.ofSeconds(30), () -> population.walks() == walked + 1,
                    "the walk the view asked for, the persons having changed since the last one");
            Await.until(Duration.ofSeconds(30), () -> !scoring.stub.getPopulationView(TIERS).getSnapshotAt()
                    .equals(old.getSnapshotAt()), "the view from the new walk");
        } finally {
            clock.advance(Duration.ofSeconds(-31));
        }
    }
}
