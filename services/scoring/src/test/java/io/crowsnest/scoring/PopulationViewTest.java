package io.crowsnest.scoring;

import static io.crowsnest.scoring.Scoring.error;
import static io.crowsnest.scoring.Scoring.event;
import static io.crowsnest.scoring.Scoring.fields;
import static io.crowsnest.scoring.Scoring.reason;
import static io.crowsnest.scoring.Scoring.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.crowsnest.common.v1.Money;
import io.crowsnest.localstack.testing.Await;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.jobs.PopulationSnapshots;
import io.crowsnest.scoring.v1.GetPopulationViewRequest;
import io.crowsnest.scoring.v1.GetPopulationViewResponse;
import io.crowsnest.scoring.v1.HistogramBucket;
import io.crowsnest.scoring.v1.ScoreHistogram;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** GetPopulationView: live segment sizes, histograms and tiers from the periodic snapshot, bad input. */
@QuarkusTest
@TestProfile(Stores.class)
class PopulationViewTest extends WithScoringClient {

    @Inject
    PopulationSnapshots snapshots;

    @Test
    void segmentSizesAreLiveAndHistogramsComeFromTheSnapshot() throws InterruptedException {
        String[] names = scoring.scoredSegment(25.0);
        String score = names[0];
        String type = names[1];
        String system = names[2];
        String segment = names[3];
        int[] events = {1, 3, 6};
        for (int n : events) {
            String person = unique("person-");
            for (int i = 0; i < n; i++) {
                scoring.observe(event(person, type, Instant.now()));
            }
        }
        scoring.observe(event(unique("person-"), "purchase", Instant.now()).toBuilder()
                .setPurchaseAmount(Money.newBuilder().setCurrencyCode("EUR").setAmountMinor(250_000)).build());
        Instant observed = Instant.now();

        GetPopulationViewRequest request = GetPopulationViewRequest.newBuilder().addSystemIds(system)
                .addScoreNames(score).addScoreNames("churn_risk").setBucketCount(4).build();
        // a snapshot taken after the events (the job's pass triggered here, not awaited on its schedule);
        // not one stamped ahead while another test had moved the clock on
        GetPopulationViewResponse view = Await.until(Duration.ofSeconds(30),
                () -> {
                    snapshots.refresh();
                    return scoring.stub.getPopulationView(request);
                },
                v -> !Timestamps.instant(v.getSnapshotAt()).isBefore(observed)
                        && !Timestamps.instant(v.getSnapshotAt()).isAfter(Instant.now()),
                "a population snapshot taken after the events");

        assertEquals(1, view.getSegmentSizesCount());
        assertEquals(segment, view.getSegmentSizes(0).getSegmentId());
        assertEquals(2, view.getSegmentSizes(0).getMemberCount());
        assertTrue(view.getPersonCount() >= 4);

        ScoreHistogram h = view.getScoreHistograms(0);
        assertEquals(score, h.getScoreName());
        assertEquals(List.of(0.0, 25.0, 50.0, 75.0), h.getBucketsList().stream().map(HistogramBucket::getLowerBound)
                .toList());
        assertEquals(100, h.getBuckets(3).getUpperBound(), 1e-9);
        assertEquals(List.of(1L, 1L, 0L), h.getBucketsList().subList(1, 4).stream().map(HistogramBucket::getCount)
                .toList(), "30 and 60 points; everyone else (10 points, or none) in the first bucket");
        assertEquals(h.getPersonCount(), h.getBucketsList().stream().mapToLong(HistogramBucket::getCount).sum());
        assertTrue(h.getMean() > 0 && h.getMean() < 100);
        ScoreHistogram churn = view.getScoreHistograms(1);
        assertEquals("churn_risk", churn.getScoreName());
        assertEquals(h.getPersonCount(), churn.getPersonCount());
        assertEquals(1.0, churn.getBuckets(3).getUpperBound(), 1e-9);
        assertFalse(view.getTierSizesList().isEmpty(), "a purchaser has a profitability tier");
    }

    @Test
    void badRequestsAreRefused() {
        StatusRuntimeException bad = error(() -> scoring.stub.getPopulationView(GetPopulationViewRequest.newBuilder()
                .setBucketCount(101).addScoreNames("Bad Name").build()));
        assertEquals(List.of("score_names[0]", "bucket_count"), fields(bad));
        StatusRuntimeException system = error(() -> scoring.stub.getPopulationView(GetPopulationViewRequest
                .newBuilder().addSystemIds(unique("nosys-")).build()));
        assertEquals(Status.Code.NOT_FOUND, system.getStatus().getCode());
        assertEquals("SYSTEM_NOT_FOUND", reason(system));
        StatusRuntimeException score = error(() -> scoring.stub.getPopulationView(GetPopulationViewRequest
                .newBuilder().addScoreNames(unique("nosuch")).build()));
        assertEquals(Status.Code.NOT_FOUND, score.getStatus().getCode());
        assertEquals("SCORE_NOT_FOUND", reason(score));
    }
}
