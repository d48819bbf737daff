package io.crowsnest.decisioning.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.GetScoresResponse;
import io.crowsnest.scoring.v1.GetSegmentRequest;
import io.crowsnest.scoring.v1.GetSegmentResponse;
import io.crowsnest.scoring.v1.ListSegmentMembersRequest;
import io.crowsnest.scoring.v1.ListSegmentMembersResponse;
import io.crowsnest.scoring.v1.PersonPartition;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/** Calls to scoring, each with the configured deadline. */
@ApplicationScoped
public class ScoringClient {

    @GrpcClient("scoring")
    Channel channel;
    @Inject
    DecisioningConfig config;

    /** Scores, value scores and segment memberships, in flight (no explanations). */
    public CompletableFuture<GetScoresResponse> scores(PersonRef person) {
        return Futures.of(ScoringServiceGrpc.newFutureStub(channel)
                .withDeadlineAfter(config.deadlines().scoring().toMillis(), TimeUnit.MILLISECONDS)
                .getScores(GetScoresRequest.newBuilder().setPerson(person).build()));
    }

    /** A segment with its size. */
    public GetSegmentResponse segment(String segmentId) {
        return ScoringServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(config.deadlines().scoring().toMillis(), TimeUnit.MILLISECONDS)
                .getSegment(GetSegmentRequest.newBuilder().setSegmentId(segmentId).build());
    }

    /** One page of a segment's members in one partition of the person-id space (count 0 = all). */
    public ListSegmentMembersResponse members(String segmentId, String pageToken, int pageSize, int partition,
            int partitions) {
        return ScoringServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(config.campaigns().audienceDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .listSegmentMembers(ListSegmentMembersRequest.newBuilder().setSegmentId(segmentId)
                        .setPageToken(pageToken).setPageSize(pageSize).setPartition(PersonPartition.newBuilder()
                                .setPartitionIndex(partition).setPartitionCount(partitions)).build());
    }
}
