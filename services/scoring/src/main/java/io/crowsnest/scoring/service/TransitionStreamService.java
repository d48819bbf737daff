package io.crowsnest.scoring.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.platform.feed.Feed;
import io.crowsnest.scoring.domain.ScoringException;
import io.crowsnest.scoring.domain.Transition;
import io.crowsnest.scoring.store.TransitionLog;

/**
 * StreamSegmentTransitions: where a consumer's stream starts on the durable transition feed, and
 * which transitions of each feed entry it is sent (the adapter pumps the feed to the consumer,
 * with heartbeats carrying the latest offset while idle).
 */
@ApplicationScoped
public class TransitionStreamService {

    private static final Logger LOG = Logger.getLogger(TransitionStreamService.class);

    /**
     * What a consumer asked for: transitions after an offset, of the segments and systems named
     * (all when none), entering and/or leaving.
     */
    public record Filter(String consumer, long afterOffset, List<String> segmentIds, List<String> systemIds,
            boolean entered, boolean left) {

        boolean keeps(Transition t) {
            return t.offset() > afterOffset && (segmentIds.isEmpty() || segmentIds.contains(t.segmentId()))
                    && (systemIds.isEmpty() || systemIds.contains(t.systemId()))
                    && (t.entered() ? entered : left);
        }
    }

    @Inject
    TransitionLog log;

    /** The highest offset a transition may have now (0 when none was ever published). */
    public long latestOffset() {
        return latest(log.feed().head());
    }

    /** The highest offset a transition of the feed's entries up to this one may have (0 when empty). */
    public long latest(long headEntry) {
        return headEntry == 0 ? 0 : headEntry * TransitionLog.SPAN + TransitionLog.SPAN - 1;
    }

    public Feed feed() {
        return log.feed();
    }

    /**
     * The feed entry a checked request's stream starts after; OFFSET_EXPIRED when the transitions
     * after its offset are no longer retained.
     */
    public long start(Filter filter) {
        long after = filter.afterOffset();
        long start = log.feed().resumeAfter(after == 0 ? 0 : Math.max(0, after / TransitionLog.SPAN - 1));
        if (start < 0) {
            throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "OFFSET_EXPIRED", "transitions "
                    + "after offset " + after + " are no longer retained; resynchronise with GetScores or "
                    + "GetPopulationView, then resume from the offset of a heartbeat");
        }
        LOG.infof("consumer %s streams segment transitions after offset %d", filter.consumer(), after);
        return start;
    }

    /** The transitions of one feed entry the consumer is sent, in offset order. */
    public List<Transition> kept(Feed.Entry entry, Filter filter) {
        return log.read(entry.offset(), entry.payload()).stream().filter(filter::keeps).toList();
    }
}
