package io.crowsnest.scoring.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.platform.paging.PageTokens;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.ScoringException;
import io.crowsnest.scoring.domain.SegmentLanguage;
import io.crowsnest.scoring.domain.SegmentNotFound;
import io.crowsnest.scoring.domain.SystemNotFound;
import io.crowsnest.scoring.jobs.SegmentBackfill;
import io.crowsnest.scoring.store.MembershipStore;
import io.crowsnest.scoring.store.PersonRegistry;
import io.crowsnest.scoring.store.SegmentStore;
import io.crowsnest.scoring.store.SystemStore;
import io.crowsnest.scoring.v1.DeleteSegmentRequest;
import io.crowsnest.scoring.v1.DeleteSegmentResponse;
import io.crowsnest.scoring.v1.GetSegmentResponse;
import io.crowsnest.scoring.v1.ListSegmentsResponse;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentEvaluationState;
import io.crowsnest.scoring.v1.SegmentSize;
import io.crowsnest.scoring.v1.SegmentTransition;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.crowsnest.scoring.v1.UpsertSegmentRequest;
import io.crowsnest.scoring.v1.UpsertSegmentResponse;

/**
 * Segment definitions: checked and compiled (CEL, by the adapter through {@link #compile}) before anything is stored, written under their
 * revision, then evaluated against the population in the background; deleted with a LEFT for
 * every member.
 */
@ApplicationScoped
public class SegmentService {

    static final long DEFAULT_TIME_REEVALUATION_SECONDS = 3600;

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
    SegmentBackfill backfill;
    @Inject
    Idempotency idempotency;
    @Inject
    Clock clock;
    @Inject
    ScoringConfig config;

    /**
     * Stores a checked segment whose expression compiled (once per idempotency key) and starts its
     * backfill; with validate_only, answers what would be stored and stores nothing.
     */
    public UpsertSegmentResponse upsert(UpsertSegmentRequest request, SegmentLanguage.Compiled compiled) {
        Segment s = request.getSegment();
        if (request.getValidateOnly()) {
            return decide(request, compiled);
        }
        return idempotency.once("UpsertSegment", request.getIdempotencyKey(), request,
                UpsertSegmentResponse.parser(), () -> {
                    UpsertSegmentResponse out = decide(request, compiled);
                    if (!segments.write(out.getSegment(), out.getReferencedVariablesList(),
                            request.getExpectedRevision())) {
                        throw conflict(s.getSegmentId(), "another change was written at the same time");
                    }
                    catalog.invalidate();
                    backfill.segmentChanged(s.getSegmentId(), out.getSegment().getRevision());
                    return out;
                });
    }

    /** Compiles an expression in the language segments are checked in now. */
    public SegmentLanguage.Compilation compile(String expression) {
        return catalog.language().compile(expression);
    }

    /** The segment as it is (or would be) stored, after the system and revision checks. */
    private UpsertSegmentResponse decide(UpsertSegmentRequest request, SegmentLanguage.Compiled compiled) {
        Segment s = request.getSegment();
        if (systems.find(s.getSystemId()).isEmpty()) {
            throw new SystemNotFound(s.getSystemId());
        }
        Optional<Segment> stored = segments.find(s.getSegmentId());
        int most = config.maxSegments();
        if (stored.isEmpty() && segments.heads().size() >= most) {
            throw new ScoringException(ScoringException.Kind.RESOURCE_EXHAUSTED, "SEGMENT_LIMIT_REACHED", "there are "
                    + "already " + most + " segments, the most this installation allows "
                    + "(crowsnest.scoring.max-segments): each one is evaluated on every event; delete one first",
                    Map.of("limit", Integer.toString(most)));
        }
        if (stored.isPresent() && !stored.get().getSystemId().equals(s.getSystemId())) {
            throw new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "SEGMENT_SYSTEM_CHANGE", "segment '"
                    + s.getSegmentId() + "' belongs to system '" + stored.get().getSystemId()
                    + "'; delete it and create it again to move it");
        }
        long revision = stored.map(Segment::getRevision).orElse(0L);
        if (request.getExpectedRevision() != revision) {
            throw conflict(s.getSegmentId(), "it is at revision " + revision + ", not " + request.getExpectedRevision());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long interval = s.getReevaluationIntervalSeconds() == 0 && compiled.timeDependent()
                ? DEFAULT_TIME_REEVALUATION_SECONDS : s.getReevaluationIntervalSeconds();
        Segment next = s.toBuilder().setRevision(revision + 1).setReevaluationIntervalSeconds(interval)
                .setEvaluationState(SegmentEvaluationState.SEGMENT_EVALUATION_STATE_BACKFILLING).clearEvaluatedAt()
                .setCreatedAt(stored.map(Segment::getCreatedAt).orElse(Timestamps.of(now)))
                .setUpdatedAt(Timestamps.of(now)).setUpdatedBy(request.getActor()).build();
        return UpsertSegmentResponse.newBuilder().setSegment(next).addAllReferencedVariables(compiled.variables())
                .setTimeDependent(compiled.timeDependent()).build();
    }

    /** A segment with its size. */
    public GetSegmentResponse get(String segmentId) {
        Segment s = segments.find(segmentId).orElseThrow(() -> new SegmentNotFound(segmentId));
        long members = memberships.members(s.getSegmentId());
        long population = registry.count();
        return GetSegmentResponse.newBuilder().setSegment(s).setSize(SegmentSize.newBuilder()
                .setSegmentId(s.getSegmentId()).setSystemId(s.getSystemId()).setMemberCount(members)
                .setShare(population == 0 ? 0 : Math.min(1.0, (double) members / population))
                .setEvaluationState(s.getEvaluationState())).build();
    }

    /** The filter page tokens of ListSegments are bound to. */
    public static String listFilter(List<String> systemIds) {
        return "segments:" + systemIds.stream().sorted().toList();
    }

    /** A page of segments, of the systems given (all when none), in system and segment id order. */
    public ListSegmentsResponse list(List<String> systemIds, PageTokens.Page page) {
        List<Segment> found = segments.page(systemIds, page.after(), page.size());
        ListSegmentsResponse.Builder out = ListSegmentsResponse.newBuilder().addAllSegments(found);
        out.getPageBuilder().setNextPageToken(found.isEmpty() ? "" : PageTokens.next(page, found.size(),
                SegmentStore.position(found.get(found.size() - 1)), listFilter(systemIds)));
        return out.build();
    }

    /** Deletes a segment (once per idempotency key): every member LEFT (cause SEGMENT_DELETED). */
    public DeleteSegmentResponse delete(DeleteSegmentRequest request) {
        return idempotency.once("DeleteSegment", request.getIdempotencyKey(), request,
                DeleteSegmentResponse.parser(), () -> remove(request));
    }

    private DeleteSegmentResponse remove(DeleteSegmentRequest request) {
        String id = request.getSegmentId();
        Segment s = segments.find(id).orElseThrow(() -> new SegmentNotFound(id));
        if (request.getExpectedRevision() != 0 && request.getExpectedRevision() != s.getRevision()
                || !segments.delete(id, s.getRevision())) {
            throw conflict(id, "it is at revision " + s.getRevision() + ", not " + request.getExpectedRevision());
        }
        catalog.invalidate();
        Trigger trigger = Trigger.segmentDeleted(id, s.getSystemId());
        long removed = 0;
        for (String personId : memberships.memberIds(id)) {
            List<SegmentTransition> done = segmenter.evaluate(personId, trigger,
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            removed += done.stream().filter(t -> t.getSegmentId().equals(id)
                    && t.getType() == SegmentTransitionType.SEGMENT_TRANSITION_TYPE_LEFT).count();
        }
        memberships.dropIndex(id);
        return DeleteSegmentResponse.newBuilder().setMembersRemovedCount(removed)
                .setDeletedAt(Timestamps.of(clock.instant().truncatedTo(ChronoUnit.MILLIS))).build();
    }

    private static ScoringException conflict(String segmentId, String why) {
        return new ScoringException(ScoringException.Kind.FAILED_PRECONDITION, "SEGMENT_REVISION_CONFLICT", "segment '"
                + segmentId + "': " + why + "; re-read it and retry");
    }
}
