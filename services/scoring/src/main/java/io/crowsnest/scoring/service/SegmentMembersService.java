package io.crowsnest.scoring.service;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.scoring.domain.PersonPartitions;
import io.crowsnest.scoring.domain.SegmentNotFound;
import io.crowsnest.scoring.store.MembershipStore;
import io.crowsnest.scoring.store.SegmentMemberPages;
import io.crowsnest.scoring.store.SegmentStore;
import io.crowsnest.scoring.v1.ListSegmentMembersRequest;
import io.crowsnest.scoring.v1.ListSegmentMembersResponse;
import io.crowsnest.scoring.v1.Segment;

/**
 * Lists a segment's members in pages, optionally only one partition of the person-id space, for
 * readers of a whole audience (decisioning's campaigns). The page token is the member index's scan
 * cursor bound to the segment and partition it was issued for.
 */
@ApplicationScoped
public class SegmentMembersService {

    public static final int DEFAULT_SIZE = 500;
    public static final int MAX_SIZE = 5_000;
    public static final int MAX_PARTITIONS = 4_096;

    @Inject
    SegmentStore segments;
    @Inject
    MembershipStore memberships;
    @Inject
    SegmentMemberPages pages;

    /**
     * The page of a checked request: {@code cursor} is the member index's scan cursor its page
     * token holds ("0" for the first page).
     */
    public ListSegmentMembersResponse list(ListSegmentMembersRequest request, String cursor) {
        int size = request.getPageSize();
        int count = request.getPartition().getPartitionCount();
        int index = request.getPartition().getPartitionIndex();
        Segment segment = segments.find(request.getSegmentId())
                .orElseThrow(() -> new SegmentNotFound(request.getSegmentId()));
        SegmentMemberPages.Page page = pages.read(segment.getSegmentId(), cursor, size == 0 ? DEFAULT_SIZE : size);
        List<String> members = new ArrayList<>(page.personIds().size());
        for (String personId : page.personIds()) {
            if (PersonPartitions.contains(personId, index, count)) {
                members.add(personId);
            }
        }
        String next = "0".equals(page.cursor()) ? "" : Base64.getUrlEncoder().withoutPadding()
                .encodeToString((binding(request) + page.cursor()).getBytes(StandardCharsets.UTF_8));
        return ListSegmentMembersResponse.newBuilder().addAllPersonIds(members).setNextPageToken(next)
                .setSegmentRevision(segment.getRevision()).setEvaluationState(segment.getEvaluationState())
                .setMemberCount(memberships.members(segment.getSegmentId())).build();
    }

    /** What a page token is bound to: the segment and the partition. */
    public static String binding(ListSegmentMembersRequest request) {
        return request.getSegmentId() + "|" + request.getPartition().getPartitionIndex() + "|"
                + request.getPartition().getPartitionCount() + "|";
    }

    /** The scan cursor a page token holds ("0" for none), or empty when the token is not one issued for this binding. */
    public static Optional<String> cursor(String token, String binding) {
        if (token.isEmpty()) {
            return Optional.of("0");
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(binding) && decoded.substring(binding.length()).matches("[0-9]{1,20}")) {
                return Optional.of(decoded.substring(binding.length()));
            }
        } catch (IllegalArgumentException e) {
            // not base64: refused by the caller
        }
        return Optional.empty();
    }
}
