package io.crowsnest.scoring.store;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;

import io.crowsnest.scoring.v1.SegmentMatchExplanation;
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
     * The field of a person's membership hash that holds its latest evaluation (when, and the value
     * of every path its member segments read); never a segment id. A membership is stored again
     * only when it changes (entered, re-ranked, new segment revision); its explanation is brought up
     * to the latest evaluation when it is read ({@link #latest}).
     */
    public static final String LATEST = "@latest";

    /**
     * Stores the memberships that changed and the latest evaluation (when not null) and gives the
     * lease back; for an evaluation caused by an observed event (eventId not empty), also records
     * the transitions it caused. False when the lease was lost meanwhile.
     */
    public boolean commit(String personId, String token, String eventId, String transitions,
            Map<String, SegmentMembership> set, SegmentMatchExplanation latest, Collection<String> removed) {
        LiveKeys k = new LiveKeys(personId);
        List<String> args = new ArrayList<>(List.of(token, eventId, transitions,
                Integer.toString(set.size() + (latest == null ? 0 : 1))));
        set.forEach((segmentId, membership) -> {
            args.add(segmentId);
            args.add(Base64.getEncoder().encodeToString(membership.toByteArray()));
        });
        if (latest != null) {
            args.add(LATEST);
            args.add(Base64.getEncoder().encodeToString(latest.toByteArray()));
        }
        args.addAll(removed);
        return "OK".equals(scripts.run("commit", List.of(k.memberships(), k.lease(), k.results()), args));
    }

    /** The memberships of a membership hash as stored, by segment id (the latest evaluation left out). */
    public static Map<String, SegmentMembership> memberships(Map<String, String> entries) {
        Map<String, SegmentMembership> out = new LinkedHashMap<>();
        entries.forEach((field, entry) -> {
            if (!field.equals(LATEST)) {
                out.put(field, decode(entry, SegmentMembership.parser()));
            }
        });
        return out;
    }

    /** The latest evaluation of a membership hash; empty when none was stored. */
    public static Optional<SegmentMatchExplanation> latest(Map<String, String> entries) {
        return Optional.ofNullable(entries.get(LATEST)).map(e -> decode(e, SegmentMatchExplanation.parser()));
    }

    private static <T> T decode(String entry, Parser<T> parser) {
        try {
            return parser.parseFrom(Base64.getDecoder().decode(entry));
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
