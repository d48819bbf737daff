package io.crowsnest.scoring.store;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.InvalidProtocolBufferException;

import io.crowsnest.scoring.v1.SegmentMembership;
import redis.clients.jedis.UnifiedJedis;

/**
 * Segment memberships in Redis: per person, segment id -> the membership with why it matched
 * (under the person's hash tag, changed under the evaluation lease); per segment, the index of its
 * members ({@code sc:seg:{segmentId}:members}) that sizes it and finds them when it is deleted.
 */
@ApplicationScoped
public class MembershipStore {

    @Inject
    Scripts scripts;
    @Inject
    UnifiedJedis jedis;

    /**
     * Stores the decided memberships and gives the lease back; for an evaluation caused by an
     * observed event (eventId not empty), also records the transitions it caused. False when the
     * lease was lost meanwhile.
     */
    public boolean commit(String personId, String token, String eventId, String transitions,
            Map<String, SegmentMembership> set, Collection<String> removed) {
        LiveKeys k = new LiveKeys(personId);
        List<String> args = new ArrayList<>(List.of(token, eventId, transitions, Integer.toString(set.size())));
        set.forEach((segmentId, membership) -> {
            args.add(segmentId);
            args.add(Base64.getEncoder().encodeToString(membership.toByteArray()));
        });
        args.addAll(removed);
        return "OK".equals(scripts.run("commit", List.of(k.memberships(), k.lease(), k.results()), args));
    }

    public static SegmentMembership decode(String entry) {
        try {
            return SegmentMembership.parseFrom(Base64.getDecoder().decode(entry));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored membership is unreadable", e);
        }
    }

    /** Keeps the segment's member index in step with a transition of the person. */
    public void index(String segmentId, String personId, boolean member) {
        if (member) {
            jedis.sadd(index(segmentId), personId);
        } else {
            jedis.srem(index(segmentId), personId);
        }
    }

    /** Current members of the segment (live count). */
    public long members(String segmentId) {
        return jedis.scard(index(segmentId));
    }

    public List<String> memberIds(String segmentId) {
        return new ArrayList<>(jedis.smembers(index(segmentId)));
    }

    public void dropIndex(String segmentId) {
        jedis.del(index(segmentId));
    }

    private static String index(String segmentId) {
        return "sc:seg:{" + segmentId + "}:members";
    }
}
