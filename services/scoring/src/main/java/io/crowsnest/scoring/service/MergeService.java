package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.platform.jobs.Backoff;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.PlanBook;
import io.crowsnest.scoring.domain.ScoreMerge;
import io.crowsnest.scoring.domain.ScoreState;
import io.crowsnest.scoring.store.LiveStore;
import io.crowsnest.scoring.store.MembershipStore;
import io.crowsnest.scoring.store.PersonRegistry;

/**
 * Applies identity's merge of person A into survivor B (from the change stream):
 * <ol>
 * <li>A is detached under its evaluation lease: its gone mark becomes the alias "=>B" (from then
 * on ObserveEvent and GetScores go to B) and everything it holds is read;</li>
 * <li>B absorbs it in one script in B's slot, under B's evaluation lease, once per merge id (the
 * id is recorded in B's merged-from hash in the same step) and only if B observed no event since
 * it was read (otherwise read again: an event observed meanwhile is never lost or overwritten);</li>
 * <li>A's keys are deleted (the alias stays) and its memberships LEFT (cause MERGE);</li>
 * <li>B's segments are re-evaluated (cause MERGE).</li>
 * </ol>
 * Every step repeats safely, so a change applied twice, or again after a crash, changes nothing
 * more.
 */
@ApplicationScoped
public class MergeService {

    private static final Logger LOG = Logger.getLogger(MergeService.class);
    private static final int ATTEMPTS = 20;
    /** What B does not take over from A: its score states (combined here), memberships and lease. */
    private static final Set<String> NOT_HANDED = Set.of("s", "m", "l");

    @Inject
    LiveStore live;
    @Inject
    PlanCatalog plans;
    @Inject
    Segmenter segmenter;
    @Inject
    MembershipStore memberships;
    @Inject
    PersonRegistry registry;
    @Inject
    ScoringConfig config;
    @Inject
    LiveSettings settings;
    @Inject
    Clock clock;

    public void merge(String mergeId, String mergedId, String survivorId) {
        if (mergedId.equals(survivorId)) {
            return;
        }
        LiveStore.Detached detached = detach(mergedId, survivorId);
        if (detached.presence() == LiveStore.Presence.FORGOTTEN) {
            LOG.infof("merge %s: %s is no longer live (%s); nothing to combine", mergeId, mergedId,
                    detached.mark().startsWith("=>") ? "merged into " + detached.mark().substring(2) : "forgotten");
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String survivor = survivorId;
        if (detached.presence() == LiveStore.Presence.HELD) {
            survivor = absorb(mergeId, survivorId, detached);
            if (survivor == null) {
                return;
            }
            registry.register(survivor, now);
        }
        segmenter.mergedAway(mergedId, live.leaveAlias(mergedId, survivorId), survivorId, mergeId, now);
        registry.remove(mergedId);
        segmenter.evaluate(survivor, Trigger.merge(), now);
    }

    /** Freezes A under its lease, waiting while an evaluation holds it. */
    private LiveStore.Detached detach(String mergedId, String survivorId) {
        String token = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + config.evaluationLease().plusSeconds(1).toNanos();
        for (int busy = 0;; busy++) {
            LiveStore.Detached detached = live.detach(mergedId, survivorId, token, config.evaluationLease());
            if (detached.presence() != LiveStore.Presence.BUSY) {
                return detached;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("person " + mergedId + " stayed busy; the merge is retried");
            }
            pause(busy);
        }
    }

    /** B absorbs what A held; returns the survivor that did (B, or whom B was merged into), null when none. */
    private String absorb(String mergeId, String survivorId, LiveStore.Detached detached) {
        Map<String, ScoreState> mergedScores = scores(detached.keys().get("s"));
        Map<String, LiveStore.Held> handed = detached.keys().entrySet().stream()
                .filter(e -> !NOT_HANDED.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x, TreeMap::new));
        String survivor = survivorId;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            String token = UUID.randomUUID().toString();
            LiveStore.Read read = segmenter.lease(survivor, token, at, false, false);
            String expected = read == null ? "0" : Long.toString(read.state().eventCount());
            Map<String, ScoreState> own = read == null ? Map.of() : read.state().scores();
            LiveStore.Absorbed absorbed = live.absorb(survivor, mergeId, at, expected,
                    combine(plans.book(), mergedScores, own, at), handed);
            if (read != null) {
                memberships.commit(survivor, token, "", List.of(), Map.of(), null, List.of());
            }
            switch (absorbed) {
                case OK, DONE -> {
                    return survivor;
                }
                case GONE -> {
                    LiveStore.Read gone = live.read(survivor, at, settings.windows(), false, false);
                    if (gone.presence() != LiveStore.Presence.MOVED) {
                        LOG.warnf("merge %s: survivor %s was forgotten; the merged person stays frozen (its events"
                                + " refused as the survivor's) until identity's erasure lists it", mergeId, survivor);
                        return null;
                    }
                    survivor = gone.movedTo();
                }
                case RETRY -> pause(attempt);
            }
        }
        throw new IllegalStateException("survivor " + survivorId + " kept changing; the merge is retried");
    }

    /** The survivor's score states after the merge (see {@link ScoreMerge}), packed as the live store keeps them. */
    static Map<String, String> combine(PlanBook book, Map<String, ScoreState> merged, Map<String, ScoreState> own,
            Instant now) {
        Map<String, String> out = new TreeMap<>();
        ScoreMerge.combine(book, merged, own, now).forEach((name, s) -> out.put(name,
                LiveStore.packScore(s.value(), s.at(), s.lastAwardedAt())));
        return out;
    }

    private static Map<String, ScoreState> scores(LiveStore.Held held) {
        Map<String, ScoreState> out = new TreeMap<>();
        if (held != null) {
            List<String> items = held.items();
            for (int i = 0; i + 1 < items.size(); i += 2) {
                out.put(items.get(i), LiveStore.unpackScore(items.get(i + 1)));
            }
        }
        return out;
    }

    /** The platform's pause between contended attempts; an interrupted merge is retried from its record. */
    private static void pause(int streak) {
        if (!Backoff.CONTENDED.pause(streak)) {
            throw new IllegalStateException("interrupted");
        }
    }
}
