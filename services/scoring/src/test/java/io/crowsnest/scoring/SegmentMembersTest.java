package io.crowsnest.scoring;

import static io.crowsnest.scoring.Scoring.error;
import static io.crowsnest.scoring.Scoring.event;
import static io.crowsnest.scoring.Scoring.fields;
import static io.crowsnest.scoring.Scoring.reason;
import static io.crowsnest.scoring.Scoring.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.crowsnest.scoring.domain.PersonPartitions;
import io.crowsnest.scoring.v1.ListSegmentMembersRequest;
import io.crowsnest.scoring.v1.ListSegmentMembersResponse;
import io.crowsnest.scoring.v1.PersonPartition;
import io.crowsnest.scoring.v1.SegmentEvaluationState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A segment's members read in pages and in partitions through real gRPC, as a campaign reads its audience. */
@QuarkusTest
@TestProfile(Stores.class)
class SegmentMembersTest extends WithScoringClient {

    private static final int MEMBERS = 300;

    /** A live segment with MEMBERS members (one event each) and two persons scored below it; returns {segment, members...}. */
    private List<String> populatedSegment() throws InterruptedException {
        String[] names = scoring.scoredSegment(5.0);
        List<String> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            String person = unique("person-");
            scoring.observe(event(person, names[1], Instant.now()));
            members.add(person);
        }
        scoring.observe(event(unique("outsider-"), unique("other"), Instant.now()));
        members.add(0, names[3]);
        return members;
    }

    /** Every page of the listing of one partition, following the tokens. */
    private List<String> all(String segment, int pageSize, int index, int count) {
        List<String> out = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListSegmentMembersResponse page = scoring.stub.listSegmentMembers(ListSegmentMembersRequest.newBuilder()
                    .setSegmentId(segment).setPageSize(pageSize).setPageToken(token).setPartition(PersonPartition
                            .newBuilder().setPartitionIndex(index).setPartitionCount(count)).build());
            assertEquals(SegmentEvaluationState.SEGMENT_EVALUATION_STATE_LIVE, page.getEvaluationState());
            assertEquals(MEMBERS, page.getMemberCount());
            out.addAll(page.getPersonIdsList());
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertTrue(pages > 1, "300 members in pages of " + pageSize + " came in one page");
        return out;
    }

    @Test
    void everyMemberIsListedAcrossPagesAndPartitionsSplitTheAudienceWithoutOverlap() throws InterruptedException {
        List<String> seeded = populatedSegment();
        String segment = seeded.remove(0);
        Set<String> expected = new HashSet<>(seeded);

        assertEquals(expected, new HashSet<>(all(segment, 50, 0, 0)));

        Set<String> union = new HashSet<>();
        for (int p = 0; p < 3; p++) {
            List<String> part = all(segment, 40, p, 3);
            for (String person : part) {
                assertEquals(p, PersonPartitions.of(person, 3), person + " listed in the wrong partition");
            }
            union.addAll(part);
        }
        assertEquals(expected, union);
    }

    @Test
    void badRequestsAreRefusedWithTheFieldAndAnUnknownSegmentIsNotFound() throws InterruptedException {
        String[] names = scoring.scoredSegment(5.0);
        StatusRuntimeException bad = error(() -> scoring.stub.listSegmentMembers(ListSegmentMembersRequest.newBuilder()
                .setSegmentId("Bad Id").setPageSize(5_001).setPartition(PersonPartition.newBuilder()
                        .setPartitionIndex(3).setPartitionCount(3)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        assertEquals(List.of("segment_id", "page_size", "partition.partition_index"), fields(bad));

        ListSegmentMembersResponse first = scoring.stub.listSegmentMembers(ListSegmentMembersRequest.newBuilder()
                .setSegmentId(names[3]).build());
        assertEquals(0, first.getPersonIdsCount());
        assertEquals("", first.getNextPageToken());

        StatusRuntimeException token = error(() -> scoring.stub.listSegmentMembers(ListSegmentMembersRequest
                .newBuilder().setSegmentId(names[3]).setPageToken("bm90LW91cnM").build()));
        assertEquals("PAGE_TOKEN_INVALID", reason(token));
        assertEquals(List.of("page_token"), fields(token));

        StatusRuntimeException missing = error(() -> scoring.stub.listSegmentMembers(ListSegmentMembersRequest
                .newBuilder().setSegmentId(unique("nosuch-")).build()));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
        assertEquals("SEGMENT_NOT_FOUND", reason(missing));
    }
}
