package io.crowsnest.scoring.store;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads a segment's member index ({@code sc:seg:{segmentId}:members}, kept by
 * {@link MembershipStore#index}) page by page with SSCAN: the cursor is stateless on the server,
 * so a reader can keep it and resume later, and every member present for the whole scan is
 * returned at least once.
 */
@ApplicationScoped
public class SegmentMemberPages {

    @Inject
    UnifiedJedis jedis;

    /** One page: the members read and the cursor to continue from ("0" when the scan is complete). */
    public record Page(List<String> personIds, String cursor) {
    }

    /** The members after the cursor ("0" to start), about count of them. */
    public Page read(String segmentId, String cursor, int count) {
        ScanResult<String> r = jedis.sscan("sc:seg:{" + segmentId + "}:members", cursor,
                new ScanParams().count(count));
        return new Page(r.getResult(), r.getCursor());
    }
}
