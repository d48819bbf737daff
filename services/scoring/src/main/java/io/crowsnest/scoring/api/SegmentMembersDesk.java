package io.crowsnest.scoring.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.scoring.domain.PersonPartitions;
import io.crowsnest.scoring.store.MembershipStore;
import io.crowsnest.scoring.store.SegmentMemberPages;
import io.crowsnest.scoring.store.SegmentStore;
import io.crowsnest.scoring.v1.ListSegmentMembersRequest;
import io.crowsnest.scoring.v1.ListSegmentMembersResponse;
import io.crowsnest.scoring.v1.Segment;
import io.grpc.Status;

/**
 * Lists a segment's members in pages, optionally only one partition of the person-id space, for
 * readers of a whole audience (decisioning's campaigns). The page token is the member index's scan
 * cursor bound to the segment and partition it was issued for.
 */
@ApplicationScoped
public class SegmentMembersDesk {

    static final int DEFAULT_SIZE = 500;
    static final int MAX_SIZE = 5_000;
    static final int MAX_PARTITIONS = 4_096;

    @Inject
    SegmentStore segments;
    @Inject
    MembershipStore memberships;
    @Inject
    SegmentMemberPages pages;

    public ListSegmentMembersResponse list(ListSegmentMembersRequest request) {
        Checks checks = new Checks();
        checks.pattern(request.getSegmentId(), Checks.SEGMENT_ID, "segment_id", "[a-z][a-z0-9-]{0,63}");
        int size = request.getPageSize();
        if (size < 0 || size > MAX_SIZE) {
            checks.add("page_size", "must be 0 (default 500) to 5,000, got " + size);
        }
        int count = request.getPartition().getPartitionCount();
        int index = request.getPartition().getPartitionIndex();
        if (count < 0 || count > MAX_PARTITIONS) {
            checks.add("partition.partition_count", "must be 0 to 4,096, got " + count);
        } else if (index < 0 || index >= Math.max(1, count)) {
            checks.add("partition.partition_index", "must be 0 to " + (Math.max(1, count) - 1) + ", got " + index);
        }
        String binding = request.getSegmentId() + "|" + index + "|" + count + "|";
        String cursor = cursor(request.getPageToken(), binding, checks);
        checks.throwIfAny();
        Segment segment = segments.find(request.getSegmentId()).orElseThrow(() -> GrpcErrors.error(
                Status.Code.NOT_FOUND, "SEGMENT_NOT_FOUND", "no segment '" + request.getSegmentId() + "'"));
        SegmentMemberPages.Page page = pages.read(segment.getSegmentId(), cursor, size == 0 ? DEFAULT_SIZE : size);
        List<String> members = new ArrayList<>(page.personIds().size());
        for (String personId : page.personIds()) {
            if (PersonPartitions.contains(personId, index, count)) {
                members.add(personId);
            }
        }
        String next = "0".equals(page.cursor()) ? "" : Base64.getUrlEncoder().withoutPadding()
                .encodeToString((binding + page.cursor()).getBytes(StandardCharsets.UTF_8));
        return ListSegmentMembersResponse.newBuilder().addAllPersonIds(members).setNextPageToken(next)
                .setSegmentRevision(segment.getRevision()).setEvaluationState(segment.getEvaluationState())
                .setMemberCount(memberships.members(segment.getSegmentId())).build();
    }

    /** The scan cursor of the token ("0" for the first page), or a violation when it is not ours. */
    private static String cursor(String token, String binding, Checks checks) {
        if (token.isEmpty()) {
            return "0";
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(binding) && decoded.substring(binding.length()).matches("[0-9]{1,20}")) {
                return decoded.substring(binding.length());
            }
        } catch (IllegalArgumentException e) {
            // not base64: refused below
        }
        checks.add("page_token", "is malformed or was issued for another segment or partition", "PAGE_TOKEN_INVALID");
        return "0";
    }
}
