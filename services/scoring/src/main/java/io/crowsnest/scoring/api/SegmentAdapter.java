package io.crowsnest.scoring.api;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;
import io.crowsnest.platform.paging.PageTokens;
import io.crowsnest.scoring.domain.SegmentLanguage;
import io.crowsnest.scoring.domain.SegmentRules;
import io.crowsnest.scoring.domain.Violations;
import io.crowsnest.scoring.mapping.DefinitionMapping;
import io.crowsnest.scoring.mapping.PopulationMapping;
import io.crowsnest.scoring.service.EvaluationBounds;
import io.crowsnest.scoring.service.PopulationViewService;
import io.crowsnest.scoring.service.SegmentMembersService;
import io.crowsnest.scoring.service.SegmentService;
import io.crowsnest.scoring.service.SegmentationSystemService;
import io.crowsnest.scoring.service.TransitionStreamService;
import io.crowsnest.scoring.v1.DeleteSegmentRequest;
import io.crowsnest.scoring.v1.DeleteSegmentResponse;
import io.crowsnest.scoring.v1.DeleteSegmentationSystemRequest;
import io.crowsnest.scoring.v1.DeleteSegmentationSystemResponse;
import io.crowsnest.scoring.v1.GetPopulationViewRequest;
import io.crowsnest.scoring.v1.GetPopulationViewResponse;
import io.crowsnest.scoring.v1.GetSegmentRequest;
import io.crowsnest.scoring.v1.GetSegmentResponse;
import io.crowsnest.scoring.v1.ListSegmentMembersRequest;
import io.crowsnest.scoring.v1.ListSegmentMembersResponse;
import io.crowsnest.scoring.v1.ListSegmentationSystemsResponse;
import io.crowsnest.scoring.v1.ListSegmentsRequest;
import io.crowsnest.scoring.v1.ListSegmentsResponse;
import io.crowsnest.scoring.v1.Segment;
import io.crowsnest.scoring.v1.SegmentTransitionType;
import io.crowsnest.scoring.v1.SegmentationSystem;
import io.crowsnest.scoring.v1.SegmentationSystemSummary;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsRequest;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsResponse;
import io.crowsnest.scoring.v1.UpsertSegmentRequest;
import io.crowsnest.scoring.v1.UpsertSegmentResponse;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemRequest;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** Segmentation system, segment, membership, population and transition RPCs: checked whole, then handed on. */
@Singleton
class SegmentAdapter {

    @Inject
    SegmentationSystemService systems;
    @Inject
    SegmentService segments;
    @Inject
    EvaluationBounds bounds;
    @Inject
    SegmentMembersService members;
    @Inject
    PopulationViewService population;
    @Inject
    TransitionStreamService transitionFeed;
    @Inject
    TransitionStreams transitions;
    @Inject
    Idempotency idempotency;

    UpsertSegmentationSystemResponse upsertSystem(UpsertSegmentationSystemRequest request) {
        RequestChecks checks = new RequestChecks();
        SegmentationSystem system = request.getSystem();
        ScoringChecks.id(checks, system.getSystemId(), "system.system_id");
        checks.length(system.getDisplayName(), 1, 128, "system.display_name");
        checks.length(system.getDescription(), 0, 1024, "system.description");
        if (request.getExpectedRevision() < 0) {
            checks.add("expected_revision", "must be 0 (create) or the stored revision");
        }
        ScoringChecks.actor(checks, request.getActor());
        checks.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
        return idempotency.once("UpsertSegmentationSystem", request.getIdempotencyKey(), request,
                UpsertSegmentationSystemResponse.parser(), () -> UpsertSegmentationSystemResponse.newBuilder()
                        .setSystem(DefinitionMapping.system(systems.upsert(DefinitionMapping.system(system),
                                request.getExpectedRevision(), request.getActor())))
                        .build());
    }

    ListSegmentationSystemsResponse listSystems() {
        ListSegmentationSystemsResponse.Builder out = ListSegmentationSystemsResponse.newBuilder();
        systems.list().forEach(s -> out.addSystems(SegmentationSystemSummary.newBuilder()
                .setSystem(DefinitionMapping.system(s.system())).setSegmentCount(s.segmentCount())));
        return out.build();
    }

    DeleteSegmentationSystemResponse deleteSystem(DeleteSegmentationSystemRequest request) {
        RequestChecks checks = new RequestChecks();
        ScoringChecks.id(checks, request.getSystemId(), "system_id");
        ScoringChecks.actor(checks, request.getActor());
        checks.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
        return idempotency.once("DeleteSegmentationSystem", request.getIdempotencyKey(), request,
                DeleteSegmentationSystemResponse.parser(), () -> DeleteSegmentationSystemResponse.newBuilder()
                        .setDeletedAt(Timestamps.of(systems.delete(request.getSystemId()))).build());
    }

    UpsertSegmentResponse upsertSegment(UpsertSegmentRequest request) {
        RequestChecks checks = new RequestChecks();
        Segment s = request.getSegment();
        ScoringChecks.id(checks, s.getSegmentId(), "segment.segment_id");
        ScoringChecks.id(checks, s.getSystemId(), "segment.system_id");
        Violations rules = ScoringChecks.violations(checks);
        SegmentLanguage.Compiled compiled = SegmentRules.words(s.getDisplayName(), s.getDescription(),
                s.getExpression(), "segment", rules) ? compile(s.getExpression(), checks) : null;
        SegmentRules.schedule(s.getPriority(), s.getReevaluationIntervalSeconds(), "segment", rules);
        if (request.getExpectedRevision() < 0) {
            checks.add("expected_revision", "must be 0 (create) or the stored revision");
        }
        ScoringChecks.actor(checks, request.getActor());
        if (!request.getValidateOnly() || !request.getIdempotencyKey().isEmpty()) {
            checks.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        }
        checks.throwIfAny();
        if (request.getValidateOnly()) {
            return upserted(segments.decide(DefinitionMapping.segment(s), request.getExpectedRevision(),
                    request.getActor(), compiled));
        }
        return idempotency.once("UpsertSegment", request.getIdempotencyKey(), request,
                UpsertSegmentResponse.parser(), () -> upserted(segments.upsert(DefinitionMapping.segment(s),
                        request.getExpectedRevision(), request.getActor(), compiled)));
    }

    private static UpsertSegmentResponse upserted(SegmentService.Upserted out) {
        return UpsertSegmentResponse.newBuilder().setSegment(DefinitionMapping.segment(out.segment()))
                .addAllReferencedVariables(out.referencedVariables()).setTimeDependent(out.timeDependent()).build();
    }

    /** The compiled expression, or null after one violation per problem on segment.expression. */
    private SegmentLanguage.Compiled compile(String expression, RequestChecks checks) {
        SegmentLanguage.Compilation c = segments.compile(expression);
        for (SegmentLanguage.Problem p : c.problems()) {
            checks.add("segment.expression", p.describe(), "SEGMENT_EXPRESSION_INVALID", Map.of("line",
                    Integer.toString(p.line()), "column", Integer.toString(p.column()), "offset",
                    Integer.toString(p.offset())));
        }
        return c.compiled();
    }

    GetSegmentResponse getSegment(GetSegmentRequest request) {
        RequestChecks checks = new RequestChecks();
        ScoringChecks.id(checks, request.getSegmentId(), "segment_id");
        checks.throwIfAny();
        SegmentService.Sized sized = segments.get(request.getSegmentId());
        return GetSegmentResponse.newBuilder().setSegment(DefinitionMapping.segment(sized.segment()))
                .setSize(PopulationMapping.size(sized.segment(), sized.memberCount(), sized.share()))
                .setStoppedEvaluations(PopulationMapping.stopped(bounds.of(sized.segment()))).build();
    }



    ListSegmentsResponse listSegments(ListSegmentsRequest request) {
        RequestChecks checks = new RequestChecks();
        ScoringChecks.ids(checks, request.getSystemIdsList(), "system_ids");
        PageTokens.Page page = PageTokens.read(request.getPage(), SegmentService.listFilter(request.getSystemIdsList()),
                "page", checks);
        checks.throwIfAny();
        SegmentService.Page found = segments.list(request.getSystemIdsList(), page);
        ListSegmentsResponse.Builder out = ListSegmentsResponse.newBuilder();
        found.segments().forEach(s -> out.addSegments(DefinitionMapping.segment(s)));
        out.getPageBuilder().setNextPageToken(found.nextPageToken());
        return out.build();
    }

    DeleteSegmentResponse deleteSegment(DeleteSegmentRequest request) {
        RequestChecks checks = new RequestChecks();
        ScoringChecks.id(checks, request.getSegmentId(), "segment_id");
        if (request.getExpectedRevision() < 0) {
            checks.add("expected_revision", "must be 0 (no check) or the stored revision");
        }
        ScoringChecks.actor(checks, request.getActor());
        checks.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
        return idempotency.once("DeleteSegment", request.getIdempotencyKey(), request,
                DeleteSegmentResponse.parser(), () -> {
                    SegmentService.Deleted deleted = segments.delete(request.getSegmentId(),
                            request.getExpectedRevision());
                    return DeleteSegmentResponse.newBuilder().setMembersRemovedCount(deleted.membersRemoved())
                            .setDeletedAt(Timestamps.of(deleted.deletedAt())).build();
                });
    }

    ListSegmentMembersResponse listMembers(ListSegmentMembersRequest request) {
        RequestChecks checks = new RequestChecks();
        ScoringChecks.id(checks, request.getSegmentId(), "segment_id");
        int size = request.getPageSize();
        if (size < 0 || size > SegmentMembersService.MAX_SIZE) {
            checks.add("page_size", "must be 0 (default 500) to 5,000, got " + size);
        }
        int count = request.getPartition().getPartitionCount();
        int index = request.getPartition().getPartitionIndex();
        if (count < 0 || count > SegmentMembersService.MAX_PARTITIONS) {
            checks.add("partition.partition_count", "must be 0 to 4,096, got " + count);
        } else if (index < 0 || index >= Math.max(1, count)) {
            checks.add("partition.partition_index", "must be 0 to " + (Math.max(1, count) - 1) + ", got " + index);
        }
        String cursor = SegmentMembersService.cursor(request.getPageToken(),
                SegmentMembersService.binding(request.getSegmentId(), index, count))
                .orElseGet(() -> {
                    checks.add("page_token", "is malformed or was issued for another segment or partition",
                            "PAGE_TOKEN_INVALID");
                    return "0";
                });
        checks.throwIfAny();
        return PopulationMapping.members(members.list(request.getSegmentId(), index, count, size, cursor));
    }

    GetPopulationViewResponse populationView(GetPopulationViewRequest request) {
        RequestChecks checks = new RequestChecks();
        ScoringChecks.ids(checks, request.getSystemIdsList(), "system_ids");
        ScoringChecks.scoreNames(checks, request.getScoreNamesList(), "score_names");
        if (request.getBucketCount() < 0 || request.getBucketCount() > 100) {
            checks.add("bucket_count", "must be 0 (default 10) to 100, got " + request.getBucketCount());
        }
        checks.throwIfAny();
        return PopulationMapping.view(population.view(request.getSystemIdsList(), request.getScoreNamesList(),
                request.getBucketCount()));
    }

    void streamTransitions(StreamSegmentTransitionsRequest request,
            StreamObserver<StreamSegmentTransitionsResponse> out) {
        long latest = transitionFeed.latestOffset();
        RequestChecks checks = new RequestChecks();
        if (request.getAfterOffset() < 0 || request.getAfterOffset() > latest) {
            checks.add("after_offset", "must be between 0 and the latest offset " + latest);
        }
        ScoringChecks.ids(checks, request.getSegmentIdsList(), "segment_ids");
        ScoringChecks.ids(checks, request.getSystemIdsList(), "system_ids");
        for (int i = 0; i < request.getTypesCount(); i++) {
            SegmentTransitionType type = request.getTypes(i);
            if (type == SegmentTransitionType.SEGMENT_TRANSITION_TYPE_UNSPECIFIED
                    || type == SegmentTransitionType.UNRECOGNIZED) {
                checks.add("types[" + i + "]", "must be ENTERED or LEFT");
            }
        }
        checks.requestingSystem(request.getConsumer(), "consumer");
        checks.throwIfAny();
        boolean all = request.getTypesCount() == 0;
        transitions.stream(new TransitionStreamService.Filter(request.getConsumer(), request.getAfterOffset(),
                request.getSegmentIdsList(), request.getSystemIdsList(),
                all || request.getTypesList().contains(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_ENTERED),
                all || request.getTypesList().contains(SegmentTransitionType.SEGMENT_TRANSITION_TYPE_LEFT)),
                new Unbatching<>((ServerCallStreamObserver<StreamSegmentTransitionsResponse>) out));
    }
}
