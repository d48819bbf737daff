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
     * One page of a segment's members: the person ids of the partition on it, the token of the next
     * page ("" after the last), and the segment's revision, state and member count.
     */
    public record Page(List<String> personIds, String nextPageToken, long segmentRevision, boolean backfilling,
            long memberCount) {
    }

    /**
     * The page of a checked request: {@code cursor} is the member index's scan cursor its page
     * token holds ("0" for the first page); size 0 is the default size; partition count 0 is the
     * whole segment.
     */
    public Page list(String segmentId, int partitionIndex, int partitionCount, int size, String cursor) {
        SegmentStore.Head segment = segments.head(segmentId).orElseThrow(() -> new SegmentNotFound(segmentId));
        SegmentMemberPages.Page page = pages.read(segment.segmentId(), cursor, size == 0 ? DEFAULT_SIZE : size);
        List<String> members = new ArrayList<>(page.personIds().size());
        for (String personId : page.personIds()) {
            if (PersonPartitions.contains(personId, partitionIndex, partitionCount)) {
                members.add(personId);
            }
        }
        String next = "0".equals(page.cursor()) ? "" : Base64.getUrlEncoder().withoutPadding()
                .encodeToString((binding(segmentId, partitionIndex, partitionCount) + page.cursor())
                        .getBytes(StandardCharsets.UTF_8));
        return new Page(members, next, segment.revision(), segment.backfilling(),
                memberships.members(segment.segmentId()));
    }

    /** What a page token is bound to: the segment and the partition. */
    public static String binding(String segmentId, int partitionIndex, int partitionCount) {
        return segmentId + "|" + partitionIndex + "|" + partitionCount + "|";
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
