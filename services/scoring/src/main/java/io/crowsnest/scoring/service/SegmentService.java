package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.paging.PageTokens;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.ScoringException;
import io.crowsnest.scoring.domain.SegmentDefinition;
import io.crowsnest.scoring.domain.SegmentLanguage;
import io.crowsnest.scoring.domain.SegmentNotFound;
import io.crowsnest.scoring.domain.SystemNotFound;
import io.crowsnest.scoring.jobs.SegmentBackfill;
import io.crowsnest.scoring.store.MembershipStore;
import io.crowsnest.scoring.store.PersonRegistry;
import io.crowsnest.scoring.store.SegmentStore;
import io.crowsnest.scoring.store.SystemStore;

/**
 * Segment definitions: checked and compiled (CEL, by the adapter through {@link #compile}) before
 * anything is stored, written under their revision, then evaluated against the population in the
 * background; deleted with a LEFT for every member.
 */
@ApplicationScoped
public class SegmentService {

    static final long DEFAULT_TIME_REEVALUATION_SECONDS = 3600;

    /** A segment as it is (or would be) stored, with the variables its expression reads. */
    public record Upserted(SegmentDefinition segment, List<String> referencedVariables, boolean timeDependent) {
    }

    /** A segment with its size: members now and their share of every person scoring holds. */
    public record Sized(SegmentDefinition segment, long memberCount, double share) {
    }

    /** A page of segments and the token of the next one ("" after the last). */
    public record Page(List<SegmentDefinition> segments, String nextPageToken) {
    }

    /** A deletion: how many members left, and when. */
    public record Deleted(long membersRemoved, Instant deletedAt) {
    }

    @Inject
    SegmentStore segments;
    @Inject
    SystemStore systems;
    @Inject
    SegmentCatalog catalog;
    @Inject
    MembershipStore memberships;
    @Inject
    PersonRegistry registry;
    @Inject
    Segmenter segmenter;
    @Inject
    EvaluationBounds bounds;
    @Inject
    SegmentBackfill backfill;
    @Inject
    Clock clock;
    @Inject
    ScoringConfig config;

    /** Stores a checked segment whose expression compiled and starts its backfill. */
    public Upserted upsert(SegmentDefinition segment, long expectedRevision, String actor,
            SegmentLanguage.Compiled compiled) {
        Upserted out = decide(segment, expectedRevision, actor, compiled);
        if (!segments.write(out.segment(), out.referencedVariables(), expectedRevision)) {
            throw conflict(segment.segmentId(), "another change was written at the same time");
        }
        catalog.invalidate();
        backfill.segmentChanged(segment.segmentId(), out.segment().revision());
        return out;
    }

    /** Compiles an expression in the language segments are checked in now. */
    public SegmentLanguage.Compilation compile(String expression) {
        return catalog.language().compile(expression);
    }

    /**
     * The segment as it would be stored, after the system and revision checks (validate_only
     * answers it and stores nothing).
     */
    public Upserted decide(SegmentDefinition s, long expectedRevision, String actor,
            SegmentLanguage.Compiled compiled) {
        if (systems.find(s.systemId()).isEmpty()) {
            throw new SystemNotFound(s.systemId());
        }
        Optional<SegmentDefinition> stored = segments.find(s.segmentId());
        int most = config.maxSegments();
        if (stored.isEmpty() && segments.heads().size() >= most) {
            throw new ScoringException(ScoringException.Kind.RESOURCE_EXHAUSTED, "SEGMENT_LIMIT_REACHED", "there are "
                    + "already " + most + " segments, the most this installation allows "
                    + "(crowsnest.scoring.max-segments): each one is evaluated on every event; delete one first",
                    Map.of("limit", Integer.toString(most)));
        }
        if (stored.isPresent() && !stored.get().systemId().equals(s.systemId())) {
            throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "SEGMENT_SYSTEM_CHANGE", "segment '"
                    + s.segmentId() + "' belongs to system '" + stored.get().systemId()
                    + "'; delete it and create it again to move it");
        }
        long revision = stored.map(SegmentDefinition::revision).orElse(0L);
        if (expectedRevision != revision) {
            throw conflict(s.segmentId(), "it is at revision " + revision + ", not " + expectedRevision);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long interval = s.reevaluationIntervalSeconds() == 0 && compiled.timeDependent()
                ? DEFAULT_TIME_REEVALUATION_SECONDS : s.reevaluationIntervalSeconds();
        SegmentDefinition next = s.written(revision + 1, interval,
                stored.map(SegmentDefinition::createdAt).orElse(now), now, actor);
        return new Upserted(next, compiled.variables(), compiled.timeDependent());
    }

    /** A segment with its size. */
    public Sized get(String segmentId) {
        SegmentDefinition s = segments.find(segmentId).orElseThrow(() -> new SegmentNotFound(segmentId));
        long members = memberships.members(s.segmentId());
        long population = registry.count();
        return new Sized(s, members, population == 0 ? 0 : Math.min(1.0, (double) members / population));
    }

    /** The filter page tokens of ListSegments are bound to. */
    public static String listFilter(List<String> systemIds) {
        return "segments:" + systemIds.stream().sorted().toList();
    }

    /** A page of segments, of the systems given (all when none), in system and segment id order. */
    public Page list(List<String> systemIds, PageTokens.Page page) {
        List<SegmentDefinition> found = segments.page(systemIds, page.after(), page.size());
        return new Page(found, found.isEmpty() ? "" : PageTokens.next(page, found.size(),
                SegmentStore.position(found.get(found.size() - 1)), listFilter(systemIds)));
    }

    /** Deletes a segment at the expected revision (0: any): every member LEFT (cause SEGMENT_DELETED). */
    public Deleted delete(String id, long expectedRevision) {
        SegmentDefinition s = segments.find(id).orElseThrow(() -> new SegmentNotFound(id));
        if (expectedRevision != 0 && expectedRevision != s.revision() || !segments.delete(id, s.revision())) {
            throw conflict(id, "it is at revision " + s.revision() + ", not " + expectedRevision);
        }
        catalog.invalidate();
        Trigger trigger = Trigger.segmentDeleted(id, s.systemId());
        long removed = 0;
        for (String personId : memberships.memberIds(id)) {
            removed += segmenter.evaluate(personId, trigger, clock.instant().truncatedTo(ChronoUnit.MILLIS)).stream()
                    .filter(t -> t.segmentId().equals(id) && !t.entered()).count();
        }
        memberships.dropIndex(id);
        bounds.deleted(id);
        return new Deleted(removed, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    private static ScoringException conflict(String segmentId, String why) {
        return new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "SEGMENT_REVISION_CONFLICT", "segment '"
                + segmentId + "': " + why + "; re-read it and retry");
    }
}
