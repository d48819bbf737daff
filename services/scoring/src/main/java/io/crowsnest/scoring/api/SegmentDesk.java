package io.crowsnest.scoring.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.scoring.domain.SegmentLanguage;
import io.crowsnest.scoring.store.MembershipStore;
import io.crowsnest.scoring.store.PersonRegistry;
import io.crowsnest.scoring.store.SegmentStore;
import io.crowsnest.scoring.store.SystemStore;
import io.crowsnest.scoring.v1.DeleteSegmentRequest;
import io.crowsnest.scoring.v1.DeleteSegmentResponse;
import io.crowsnest.scoring.v1.GetSegmentRequest;
import io.crowsnest.scoring.v1.GetSegmentResponse;
import io.crowsnest.scoring.v1.ListSegmentsRequest;
import io.crowsnest.scoring.v1.ListSegmentsResponse;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentEvaluationState;
import io.crowsnest.scoring.v1.SegmentSize;
import io.crowsnest.scoring.v1.SegmentTransition;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.crowsnest.scoring.v1.UpsertSegmentRequest;
import io.crowsnest.scoring.v1.UpsertSegmentResponse;
import io.grpc.Status;

/**
 * Segment definitions: checked and compiled (CEL) before anything is stored, written under their
 * revision, then evaluated against the population in the background; deleted with a LEFT for
 * every member.
 */
@ApplicationScoped
public class SegmentDesk {

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
    Backfill backfill;
    @Inject
    Idempotency idempotency;

    public UpsertSegmentResponse upsert(UpsertSegmentRequest request) {
        Checks checks = new Checks();
        Segment s = request.getSegment();
        checks.pattern(s.getSegmentId(), Checks.SEGMENT_ID, "segment.segment_id", "[a-z][a-z0-9-]{0,63}");
        checks.pattern(s.getSystemId(), Checks.SEGMENT_ID, "segment.system_id", "[a-z][a-z0-9-]{0,63}");
        checks.length(s.getDisplayName(), 1, 128, "segment.display_name");
        checks.length(s.getDescription(), 0, 2048, "segment.description");
        SegmentLanguage.Compiled compiled = compile(s.getExpression(), checks);
        if (s.getPriority() < 0 || s.getPriority() > 1000) {
            checks.add("segment.priority", "must be 0 to 1,000, got " + s.getPriority());
        }
        long interval = s.getReevaluationIntervalSeconds();
        if (interval != 0 && (interval < 60 || interval > 604_800)) {
            checks.add("segment.reevaluation_interval_seconds", "must be 0 (events only) or 60 to 604,800, got "
                    + interval);
        }
        if (request.getExpectedRevision() < 0) {
            checks.add("expected_revision", "must be 0 (create) or the stored revision");
        }
        checks.actor(request.getActor());
        if (!request.getValidateOnly() || !request.getIdempotencyKey().isEmpty()) {
            checks.idempotencyKey(request.getIdempotencyKey());
        }
        checks.throwIfAny();
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

    /** The compiled expression, or null after one violation per problem on segment.expression. */
    private SegmentLanguage.Compiled compile(String expression, Checks checks) {
        if (expression.isBlank() || expression.codePointCount(0, expression.length()) > 4096) {
            checks.add("segment.expression", expression.isBlank() ? "is required"
                    : "must be at most 4,096 characters");
            return null;
        }
        SegmentLanguage.Compilation c = catalog.language().compile(expression);
        for (SegmentLanguage.Problem p : c.problems()) {
            checks.add("segment.expression", p.describe(), "SEGMENT_EXPRESSION_INVALID", Map.of("line",
                    Integer.toString(p.line()), "column", Integer.toString(p.column()), "offset",
                    Integer.toString(p.offset())));
        }
        return c.compiled();
    }

    /** The segment as it is (or would be) stored, after the system and revision checks. */
    private UpsertSegmentResponse decide(UpsertSegmentRequest request, SegmentLanguage.Compiled compiled) {
        Segment s = request.getSegment();
        if (systems.find(s.getSystemId()).isEmpty()) {
            throw SystemDesk.notFound(s.getSystemId());
        }
        Optional<Segment> stored = segments.find(s.getSegmentId());
        if (stored.isPresent() && !stored.get().getSystemId().equals(s.getSystemId())) {
            throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "SEGMENT_SYSTEM_CHANGE", "segment '"
                    + s.getSegmentId() + "' belongs to system '" + stored.get().getSystemId()
                    + "'; delete it and create it again to move it");
        }
        long revision = stored.map(Segment::getRevision).orElse(0L);
        if (request.getExpectedRevision() != revision) {
            throw conflict(s.getSegmentId(), "it is at revision " + revision + ", not " + request.getExpectedRevision());
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long interval = s.getReevaluationIntervalSeconds() == 0 && compiled.timeDependent()
                ? DEFAULT_TIME_REEVALUATION_SECONDS : s.getReevaluationIntervalSeconds();
        Segment next = s.toBuilder().setRevision(revision + 1).setReevaluationIntervalSeconds(interval)
                .setEvaluationState(SegmentEvaluationState.SEGMENT_EVALUATION_STATE_BACKFILLING).clearEvaluatedAt()
                .setCreatedAt(stored.map(Segment::getCreatedAt).orElse(Timestamps.of(now)))
                .setUpdatedAt(Timestamps.of(now)).setUpdatedBy(request.getActor()).build();
        return UpsertSegmentResponse.newBuilder().setSegment(next).addAllReferencedVariables(compiled.variables())
                .setTimeDependent(compiled.timeDependent()).build();
    }

    public GetSegmentResponse get(GetSegmentRequest request) {
        Checks checks = new Checks();
        checks.pattern(request.getSegmentId(), Checks.SEGMENT_ID, "segment_id", "[a-z][a-z0-9-]{0,63}");
        checks.throwIfAny();
        Segment s = segments.find(request.getSegmentId()).orElseThrow(() -> notFound(request.getSegmentId()));
        long members = memberships.members(s.getSegmentId());
        long population = registry.count();
        return GetSegmentResponse.newBuilder().setSegment(s).setSize(SegmentSize.newBuilder()
                .setSegmentId(s.getSegmentId()).setSystemId(s.getSystemId()).setMemberCount(members)
                .setShare(population == 0 ? 0 : Math.min(1.0, (double) members / population))
                .setEvaluationState(s.getEvaluationState())).build();
    }

    public ListSegmentsResponse list(ListSegmentsRequest request) {
        Checks checks = new Checks();
        checks.ids(request.getSystemIdsList(), "system_ids");
        String filter = "segments:" + request.getSystemIdsList().stream().sorted().toList();
        Pages.Page page = Pages.read(request.getPage(), filter, "page", checks);
        checks.throwIfAny();
        List<Segment> found = segments.page(request.getSystemIdsList(), page.after(), page.size());
        ListSegmentsResponse.Builder out = ListSegmentsResponse.newBuilder().addAllSegments(found);
        out.getPageBuilder().setNextPageToken(Pages.next(page, found, SegmentStore::position, filter));
        return out.build();
    }

    public DeleteSegmentResponse delete(DeleteSegmentRequest request) {
        Checks checks = new Checks();
        checks.pattern(request.getSegmentId(), Checks.SEGMENT_ID, "segment_id", "[a-z][a-z0-9-]{0,63}");
        if (request.getExpectedRevision() < 0) {
            checks.add("expected_revision", "must be 0 (no check) or the stored revision");
        }
        checks.actor(request.getActor());
        checks.idempotencyKey(request.getIdempotencyKey());
        checks.throwIfAny();
        return idempotency.once("DeleteSegment", request.getIdempotencyKey(), request,
                DeleteSegmentResponse.parser(), () -> remove(request));
    }

    private DeleteSegmentResponse remove(DeleteSegmentRequest request) {
        String id = request.getSegmentId();
        Segment s = segments.find(id).orElseThrow(() -> notFound(id));
        if (request.getExpectedRevision() != 0 && request.getExpectedRevision() != s.getRevision()
                || !segments.delete(id, s.getRevision())) {
            throw conflict(id, "it is at revision " + s.getRevision() + ", not " + request.getExpectedRevision());
        }
        catalog.invalidate();
        Trigger trigger = Trigger.segmentDeleted(id, s.getSystemId());
        long removed = 0;
        for (String personId : memberships.memberIds(id)) {
            List<SegmentTransition> done = segmenter.evaluate(personId, trigger,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS));
            removed += done.stream().filter(t -> t.getSegmentId().equals(id)
                    && t.getType() == SegmentTransitionType.SEGMENT_TRANSITION_TYPE_LEFT).count();
        }
        memberships.dropIndex(id);
        return DeleteSegmentResponse.newBuilder().setMembersRemovedCount(removed)
                .setDeletedAt(Timestamps.of(Instant.now().truncatedTo(ChronoUnit.MILLIS))).build();
    }

    private static RuntimeException notFound(String segmentId) {
        return GrpcErrors.error(Status.Code.NOT_FOUND, "SEGMENT_NOT_FOUND", "no segment '" + segmentId + "'");
    }

    private static RuntimeException conflict(String segmentId, String why) {
        return GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "SEGMENT_REVISION_CONFLICT", "segment '"
                + segmentId + "': " + why + "; re-read it and retry");
    }
}
