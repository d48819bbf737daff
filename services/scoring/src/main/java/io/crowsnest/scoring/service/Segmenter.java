package io.crowsnest.scoring.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.platform.jobs.Backoff;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.Cause;
import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.Membership;
import io.crowsnest.scoring.domain.MembershipRules;
import io.crowsnest.scoring.domain.PlanBook;
import io.crowsnest.scoring.domain.Reason;
import io.crowsnest.scoring.domain.Transition;
import io.crowsnest.scoring.store.LiveStore;
import io.crowsnest.scoring.store.MembershipStore;
import io.crowsnest.scoring.store.TransitionLog;

/**
 * Re-evaluates a person's segment memberships: under the person's evaluation lease it reads the
 * live state, evaluates every segment, publishes the transitions on the durable feed and then
 * stores the memberships. Published before stored: a crash in between repeats a transition at
 * the next evaluation (at least once), never loses one.
 */
@ApplicationScoped
public class Segmenter {

    private static final Logger LOG = Logger.getLogger(Segmenter.class);

    @Inject
    SegmentCatalog catalog;
    @Inject
    PlanCatalog plans;
    @Inject
    LiveStore live;
    @Inject
    MembershipStore memberships;
    @Inject
    TransitionLog log;
    @Inject
    LiveSettings settings;
    @Inject
    ScoringConfig config;
    @Inject
    ValueScoring value;
    @Inject
    VariableMessages messages;
    @Inject
    EvaluationBounds bounds;

    /**
     * An evaluation prepared before the event that causes it is observed: the segments it evaluates,
     * the variables they read, and the lease the observation takes for it.
     */
    public record Prepared(SegmentCatalog.Snapshot segments, Set<String> roots, LiveStore.Lease lease) {
    }

    /** Prepares the evaluation after an observed event; null when there is no segment to evaluate. */
    public Prepared prepare() {
        SegmentCatalog.Snapshot segments = catalog.current();
        return segments.segments().isEmpty() ? null : prepared(segments);
    }

    private Prepared prepared(SegmentCatalog.Snapshot segments) {
        Set<String> roots = roots(segments);
        return new Prepared(segments, roots, new LiveStore.Lease(UUID.randomUUID().toString(),
                config.evaluationLease(), roots.contains("events"),
                SegmentVariables.readsRecent(roots)));
    }

    /** Evaluates the person now; returns the transitions published, in offset order. */
    public List<Transition> evaluate(String personId, Trigger trigger, Instant now) {
        return evaluate(personId, trigger, now, (Queue) null);
    }

    /**
     * Evaluates the person now, its memberships stored with the queue's others (when not null);
     * returns the transitions published.
     */
    List<Transition> evaluate(String personId, Trigger trigger, Instant now, Queue queue) {
        SegmentCatalog.Snapshot segments = catalog.current();
        if (segments.segments().isEmpty() && trigger.deleted().isEmpty()) {
            return List.of();
        }
        return evaluate(personId, trigger, now, prepared(segments), null, queue);
    }

    /**
     * Evaluates the person as prepared, from the state its observation read under the prepared
     * lease when it got it (a HELD read), else from a read under a lease taken now.
     */
    public List<Transition> evaluate(String personId, Trigger trigger, Instant now, Prepared prepared,
            LiveStore.Read leased) {
        return evaluate(personId, trigger, now, prepared, leased, null);
    }

    /**
     * The memberships of a batch's evaluations (of distinct persons), stored together by {@link #store}:
     * each evaluation's transitions are published when it is made, its memberships stored and its
     * lease given back with the others'.
     */
    public static final class Queue {
        private final List<MembershipStore.Commit> commits = new ArrayList<>();

        /** How many evaluations wait to be stored. */
        public int size() {
            return commits.size();
        }
    }

    /**
     * Stores the queued evaluations' memberships in one round trip, gives their leases back and
     * indexes their transitions; for each, in queue order, null or the failure its store ended
     * with. Throws when the round trip itself fails (then none may have been stored).
     */
    public List<RuntimeException> store(Queue queue) {
        if (queue.commits.isEmpty()) {
            return List.of();
        }
        List<RuntimeException> failures = memberships.commitAll(queue.commits);
        List<RuntimeException> out = new ArrayList<>(failures.size());
        for (int i = 0; i < failures.size(); i++) {
            RuntimeException failure = failures.get(i);
            if (failure == null || failure instanceof MembershipStore.LeaseLost) {
                indexed(queue.commits.get(i), failure == null);
                out.add(null);
            } else {
                out.add(failure);
            }
        }
        queue.commits.clear();
        return out;
    }

    List<Transition> evaluate(String personId, Trigger trigger, Instant now, Prepared prepared,
            LiveStore.Read leased, Queue queue) {
        SegmentCatalog.Snapshot segments = prepared.segments();
        String token = prepared.lease().token();
        LiveStore.Read read = leased != null && leased.presence() == LiveStore.Presence.HELD ? leased
                : lease(personId, token, now, prepared.lease().retained(), prepared.lease().windows());
        if (read == null) {
            return List.of();
        }
        Map<String, Membership> before = memberships.memberships(read.memberships());
        PlanBook book = plans.book();
        SegmentVariables variables = new SegmentVariables(segments.language(), book, read.state(),
                read.attributes(), now, () -> Features.of(read.state(), now, config.frequencyWindows()), value,
                prepared.roots(), messages);
        Evaluation evaluation = new Evaluation(segments, variables, before, personId, trigger, now);
        if (!evaluation.stopped().isEmpty()) {
            bounds.record(evaluation.stopped(), now);
        }
        List<Transition> published = evaluation.transitions().isEmpty() ? List.of()
                : log.append(now, evaluation.transitions());
        MembershipStore.Commit commit = new MembershipStore.Commit(personId, token, trigger.eventId(), published,
                evaluation.members(published), evaluation.latest(), evaluation.left());
        if (queue != null) {
            queue.commits.add(commit);
        } else {
            indexed(commit, memberships.commit(commit));
        }
        return published;
    }

    /** After an evaluation's memberships were stored (held: its lease was still held), its transitions are indexed. */
    private void indexed(MembershipStore.Commit commit, boolean held) {
        if (!held) {
            LOG.warnf("segment evaluation of %s outlived its lease; the next evaluation repeats its work",
                    commit.personId());
        }
        for (Transition t : commit.transitions()) {
            memberships.index(t.segmentId(), commit.personId(), t.entered());
        }
    }

    /**
     * Erases the person's live data under its evaluation lease and publishes a LEFT (cause FORGET)
     * for each membership it had; returns how many.
     */
    public int forget(String personId, Instant now) {
        lease(personId, UUID.randomUUID().toString(), now, false, false);
        return leave(personId, live.forget(personId, now), Cause.FORGET,
                Reason.of("PERSON_FORGOTTEN", "the person was forgotten"), now);
    }

    /**
     * Publishes a LEFT (cause MERGE) for each membership entry a person merged into the survivor
     * just lost and takes it out of the member indexes; returns how many.
     */
    int mergedAway(String personId, Map<String, String> entries, String survivorId, String mergeId, Instant now) {
        return leave(personId, entries, Cause.MERGE, Reason.of("PERSON_MERGED", "merged into " + survivorId
                + " (merge " + mergeId + ")"), now);
    }

    /**
     * Publishes a LEFT for each of the membership entries a person just lost (it was erased or
     * merged away) and takes it out of the member indexes; returns how many.
     */
    private int leave(String personId, Map<String, String> entries, Cause cause, Reason reason, Instant now) {
        SegmentCatalog.Snapshot segments = catalog.current();
        List<Transition> left = new ArrayList<>();
        memberships.memberships(entries).forEach((segmentId, m) -> {
            String systemId = segments.segments().stream().map(SegmentCatalog.Entry::segment)
                    .filter(s -> s.segmentId().equals(segmentId)).map(s -> s.systemId()).findFirst().orElse("");
            left.add(new Transition(0, false, personId, segmentId, systemId, m.explanation().segmentRevision(), cause,
                    "", now, "", reason));
        });
        if (!left.isEmpty()) {
            log.append(now, left);
        }
        left.forEach(t -> memberships.index(t.segmentId(), personId, false));
        return left.size();
    }

    /**
     * The person's state under its lease, waiting while another evaluation holds it; null when nothing
     * is held. Retained events and the recent events, sessions and purchases only when asked for.
     */
    LiveStore.Read lease(String personId, String token, Instant now, boolean events, boolean recent) {
        long deadline = System.nanoTime() + config.evaluationLease().plusSeconds(1).toNanos();
        for (int busy = 0;; busy++) {
            LiveStore.Read read = live.lease(personId, token, config.evaluationLease(), now, settings.windows(),
                    events, recent);
            if (read.presence() != LiveStore.Presence.BUSY) {
                return read.presence() == LiveStore.Presence.HELD ? read : null;
            }
            if (System.nanoTime() > deadline) {
                LOG.warnf("segments of %s not evaluated: another evaluation held the person too long", personId);
                return null;
            }
            if (!Backoff.CONTENDED.pause(busy)) {
                return null;
            }
        }
    }

    /** The variables (scores, features, value, events...) some compiled segment reads. */
    private static Set<String> roots(SegmentCatalog.Snapshot segments) {
        Set<String> roots = new HashSet<>();
        segments.segments().stream().filter(e -> e.compiled() != null)
                .forEach(e -> e.compiled().variables().forEach(v -> roots.add(v.split("\\.", 2)[0])));
        return roots;
    }

    static List<MembershipRules.SegmentSystem> systems(SegmentCatalog.Snapshot segments) {
        List<MembershipRules.SegmentSystem> out = new ArrayList<>();
        segments.systems().forEach(s -> out.add(new MembershipRules.SegmentSystem(s.systemId(), s.exclusive())));
        return out;
    }
}
