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

import io.crowsnest.scoring.domain.MatchExplanation;
import io.crowsnest.scoring.domain.Membership;
import io.crowsnest.scoring.domain.Transition;
import redis.clients.jedis.UnifiedJedis;

/**
 * Segment memberships in Redis: per person, segment id -> the membership with why it matched
 * (under the person's hash tag, changed under the evaluation lease); per segment, the index of its
 * members ({@code sc:seg:{segmentId}:members}) that sizes it and finds them when it is deleted.
 * Memberships, the latest evaluation and the transitions recorded with an event's result are
 * written by {@link SegmentRecordFormat}, in base64.
 */
@ApplicationScoped
public class MembershipStore {

    @Inject
    Scripts scripts;
    @Inject
    UnifiedJedis jedis;
    @Inject
    SegmentRecordFormat format;

    /**
     * The field of a person's membership hash that holds its latest evaluation (when, and the value
     * of every path its member segments read); never a segment id. A membership is stored again
     * only when it changes (entered, re-ranked, new segment revision); its explanation is brought up
     * to the latest evaluation when it is read ({@link #latest}).
     */
    public static final String LATEST = "@latest";

    /**
     * What an evaluation stores: the memberships that changed and the latest evaluation (when not
     * null), under the lease it holds; for an evaluation caused by an observed event (eventId not
     * empty), also the transitions it caused, recorded next to the event's result.
     */
    public record Commit(String personId, String token, String eventId, List<Transition> transitions,
            Map<String, Membership> set, MatchExplanation latest, Collection<String> removed) {
    }

    /**
     * Stores the memberships that changed and the latest evaluation (when not null) and gives the
     * lease back; for an evaluation caused by an observed event (eventId not empty), also records
     * the transitions it caused. False when the lease was lost meanwhile.
     */
    public boolean commit(String personId, String token, String eventId, List<Transition> transitions,
            Map<String, Membership> set, MatchExplanation latest, Collection<String> removed) {
        return commit(new Commit(personId, token, eventId, transitions, set, latest, removed));
    }

    /** Stores one evaluation's commit; false when its lease was lost meanwhile. */
    public boolean commit(Commit commit) {
        Scripts.Call call = call(commit);
        return "OK".equals(scripts.run("commit", call.keys(), call.args()));
    }

    /**
     * Stores several evaluations' commits (of distinct persons) in one pipelined round trip per
     * Redis node: for each, in order, null when stored, a {@link LeaseLost} when its lease was lost
     * meanwhile, or the failure of its script. Throws when the round trip itself fails.
     */
    public List<RuntimeException> commitAll(List<Commit> commits) {
        List<Scripts.Call> calls = new ArrayList<>(commits.size());
        commits.forEach(c -> calls.add(call(c)));
        List<RuntimeException> out = new ArrayList<>(commits.size());
        for (Object reply : scripts.runAll("commit", calls)) {
            out.add(reply instanceof RuntimeException failure ? failure : "OK".equals(reply) ? null : new LeaseLost());
        }
        return out;
    }

    /** The commit's lease expired before it was stored: the next evaluation repeats its work. */
    public static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("the evaluation outlived its lease", null, false, false);
        }
    }

    private Scripts.Call call(Commit c) {
        LiveKeys k = new LiveKeys(c.personId());
        List<String> args = new ArrayList<>(List.of(c.token(), c.eventId(),
                c.eventId().isEmpty() ? "" : record(c.transitions()),
                Integer.toString(c.set().size() + (c.latest() == null ? 0 : 1))));
        c.set().forEach((segmentId, membership) -> {
            args.add(segmentId);
            args.add(Base64.getEncoder().encodeToString(format.membership(membership)));
        });
        if (c.latest() != null) {
            args.add(LATEST);
            args.add(Base64.getEncoder().encodeToString(format.explanation(c.latest())));
        }
        args.addAll(c.removed());
        return new Scripts.Call(List.of(k.memberships(), k.lease(), k.results()), args);
    }

    /**
     * The transitions an event caused, as recorded next to its result for redeliveries: "=" and the
     * base64 of the transitions, so that "none" is recorded too ("" means not recorded yet).
     */
    private String record(List<Transition> transitions) {
        return "=" + Base64.getEncoder().encodeToString(format.transitions(transitions));
    }

    /** The transitions recorded with an event's result (see {@link #record}); empty when none were. */
    public List<Transition> recorded(String record) {
        return record.isEmpty() ? List.of() : format.transitions(Base64.getDecoder().decode(record.substring(1)));
    }

    /** The memberships of a membership hash as stored, by segment id (the latest evaluation left out). */
    public Map<String, Membership> memberships(Map<String, String> entries) {
        Map<String, Membership> out = new LinkedHashMap<>();
        entries.forEach((field, entry) -> {
            if (!field.equals(LATEST)) {
                out.put(field, format.membership(Base64.getDecoder().decode(entry)));
            }
        });
        return out;
    }

    /** The latest evaluation of a membership hash; empty when none was stored. */
    public Optional<MatchExplanation> latest(Map<String, String> entries) {
        return Optional.ofNullable(entries.get(LATEST)).map(e -> format.explanation(Base64.getDecoder().decode(e)));
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
