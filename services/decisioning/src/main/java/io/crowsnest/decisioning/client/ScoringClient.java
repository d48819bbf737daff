package io.crowsnest.decisioning.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.PersonRef;
import io.crowsnest.platform.scoring.SegmentEntryFollower;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.GetSegmentRequest;
import io.crowsnest.scoring.v1.ListSegmentMembersRequest;
import io.crowsnest.scoring.v1.ListSegmentMembersResponse;
import io.crowsnest.scoring.v1.PersonPartition;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/** Calls to scoring, each with the configured deadline; a refusal or an outage is a {@link PeerFailure}. */
@ApplicationScoped
public class ScoringClient {

    @GrpcClient("scoring")
    Channel channel;
    @Inject
    DecisioningConfig config;

    /** One page of a segment's members. */
    public record MembersPage(List<String> personIds, String nextPageToken) {
    }

    /**
     * Scores, value scores and segment memberships, in flight (no explanations); a person scoring
     * does not know has none.
     */
    public CompletableFuture<PersonScores> scores(PersonRef person) {
        return Futures.of(ScoringServiceGrpc.newFutureStub(channel)
                .withDeadlineAfter(config.deadlines().scoring().toMillis(), TimeUnit.MILLISECONDS)
                .getScores(GetScoresRequest.newBuilder().setPerson(PeerMapping.person(person)).build()))
                .thenApply(r -> PeerMapping.scores(r.getScores())).exceptionallyCompose(e -> {
                    PeerFailure failure = PeerFailure.of(e);
                    return failure.notFound() ? CompletableFuture.completedFuture(PersonScores.none())
                            : CompletableFuture.failedFuture(failure);
                });
    }

    /** How many members the segment has now. */
    public long segmentSize(String segmentId) {
        return PeerFailure.call(() -> ScoringServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(config.deadlines().scoring().toMillis(), TimeUnit.MILLISECONDS)
                .getSegment(GetSegmentRequest.newBuilder().setSegmentId(segmentId).build()))
                .getSize().getMemberCount();
    }

    /** Whether the segment's memberships reflect its current definition (LIVE), not still being evaluated. */
    public boolean segmentLive(String segmentId) {
        return PeerFailure.call(() -> ScoringServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(config.deadlines().scoring().toMillis(), TimeUnit.MILLISECONDS)
                .getSegment(GetSegmentRequest.newBuilder().setSegmentId(segmentId).build()))
                .getSize().getEvaluationState() == io.crowsnest.scoring.v1.SegmentEvaluationState
                        .SEGMENT_EVALUATION_STATE_LIVE;
    }

    /**
     * A follower of scoring's segment transition stream (ENTERED only) for this consumer, not started
     * yet: the platform's {@link SegmentEntryFollower}, on this client's channel.
     */
    public SegmentEntryFollower entries(String consumer, SegmentEntryFollower.Offsets offsets,
            SegmentEntryFollower.Handler handler) {
        return new SegmentEntryFollower(channel, consumer, offsets, handler);
    }

    /** One page of a segment's members in one partition of the person-id space (count 0 = all). */
    public MembersPage members(String segmentId, String pageToken, int pageSize, int partition, int partitions) {
        ListSegmentMembersResponse page = PeerFailure.call(() -> ScoringServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(config.campaigns().audienceDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .listSegmentMembers(ListSegmentMembersRequest.newBuilder().setSegmentId(segmentId)
                        .setPageToken(pageToken).setPageSize(pageSize).setPartition(PersonPartition.newBuilder()
                                .setPartitionIndex(partition).setPartitionCount(partitions)).build()));
        return new MembersPage(List.copyOf(page.getPersonIdsList()), page.getNextPageToken());
    }
}
