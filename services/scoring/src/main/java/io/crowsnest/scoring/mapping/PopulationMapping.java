package io.crowsnest.scoring.mapping;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.domain.EvaluationStops;
import io.crowsnest.scoring.domain.SegmentDefinition;
import io.crowsnest.scoring.service.PopulationViewService;
import io.crowsnest.scoring.service.SegmentMembersService;
import io.crowsnest.scoring.v1.GetPopulationViewResponse;
import io.crowsnest.scoring.v1.HistogramBucket;
import io.crowsnest.scoring.v1.ListSegmentMembersResponse;
import io.crowsnest.scoring.v1.ScoreHistogram;
import io.crowsnest.scoring.v1.SegmentSize;
import io.crowsnest.scoring.v1.SegmentStoppedEvaluations;
import io.crowsnest.scoring.v1.TierSize;

/**
 * The population's figures in the contract's terms: a segment's size, its stopped evaluations, a
 * page of its members and the population view (score histograms, segment and tier sizes).
 */
public final class PopulationMapping {

    private PopulationMapping() {
    }

    /** A segment's size: its members and their share of the scored population. */
    public static SegmentSize size(SegmentDefinition s, long members, double share) {
        return SegmentSize.newBuilder().setSegmentId(s.segmentId()).setSystemId(s.systemId()).setMemberCount(members)
                .setShare(share).setEvaluationState(DefinitionMapping.state(s.backfilling())).build();
    }

    /** The stopped evaluations of a segment's revision; no last instant when none stopped. */
    public static SegmentStoppedEvaluations stopped(EvaluationStops stops) {
        SegmentStoppedEvaluations.Builder out = SegmentStoppedEvaluations.newBuilder().setCount(stops.count())
                .setLastReason(stops.lastReason());
        if (stops.lastAt() != null) {
            out.setLastStoppedAt(Timestamps.of(stops.lastAt()));
        }
        return out.build();
    }

    /** One page of a segment's members, with the revision and evaluation state it was read at. */
    public static ListSegmentMembersResponse members(SegmentMembersService.Page page) {
        return ListSegmentMembersResponse.newBuilder().addAllPersonIds(page.personIds())
                .setNextPageToken(page.nextPageToken()).setSegmentRevision(page.segmentRevision())
                .setEvaluationState(DefinitionMapping.state(page.backfilling()))
                .setMemberCount(page.memberCount()).build();
    }

    /** The population view: histograms of the scores asked, segment sizes and tier sizes. */
    public static GetPopulationViewResponse view(PopulationViewService.View view) {
        GetPopulationViewResponse.Builder out = GetPopulationViewResponse.newBuilder()
                .setPersonCount(view.personCount()).setSnapshotAt(Timestamps.of(view.snapshotAt()));
        for (PopulationViewService.Histogram h : view.scoreHistograms()) {
            ScoreHistogram.Builder histogram = ScoreHistogram.newBuilder().setScoreName(h.scoreName())
                    .setPersonCount(h.histogram().count()).setMean(h.histogram().mean())
                    .setMedian(h.histogram().median());
            h.histogram().buckets().forEach(b -> histogram.addBuckets(HistogramBucket.newBuilder()
                    .setLowerBound(b.lower()).setUpperBound(b.upper()).setCount(b.count())));
            out.addScoreHistograms(histogram);
        }
        view.segmentSizes().forEach(s -> out.addSegmentSizes(size(s.segment(), s.memberCount(), s.share())));
        view.tierSizes().forEach(t -> out.addTierSizes(TierSize.newBuilder().setTierId(t.tierId())
                .setPersonCount(t.personCount())));
        return out.build();
    }
}
