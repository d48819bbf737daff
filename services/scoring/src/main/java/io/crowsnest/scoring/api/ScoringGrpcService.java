package io.crowsnest.scoring.api;

import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionRequest;
import io.crowsnest.scoring.v1.ActivateScoringPlanVersionResponse;
import io.crowsnest.scoring.v1.DeleteSegmentRequest;
import io.crowsnest.scoring.v1.DeleteSegmentResponse;
import io.crowsnest.scoring.v1.DeleteSegmentationSystemRequest;
import io.crowsnest.scoring.v1.DeleteSegmentationSystemResponse;
import io.crowsnest.scoring.v1.ForgetPersonRequest;
import io.crowsnest.scoring.v1.ForgetPersonResponse;
import io.crowsnest.scoring.v1.GetPopulationViewRequest;
import io.crowsnest.scoring.v1.GetPopulationViewResponse;
import io.crowsnest.scoring.v1.GetScoresRequest;
import io.crowsnest.scoring.v1.GetScoresResponse;
import io.crowsnest.scoring.v1.GetScoringPlanRequest;
import io.crowsnest.scoring.v1.GetScoringPlanResponse;
import io.crowsnest.scoring.v1.GetSegmentRequest;
import io.crowsnest.scoring.v1.GetSegmentResponse;
import io.crowsnest.scoring.v1.ListScoringPlanVersionsRequest;
import io.crowsnest.scoring.v1.ListScoringPlanVersionsResponse;
import io.crowsnest.scoring.v1.ListScoringPlansRequest;
import io.crowsnest.scoring.v1.ListScoringPlansResponse;
import io.crowsnest.scoring.v1.ListSegmentMembersRequest;
import io.crowsnest.scoring.v1.ListSegmentMembersResponse;
import io.crowsnest.scoring.v1.ListSegmentationSystemsRequest;
import io.crowsnest.scoring.v1.ListSegmentationSystemsResponse;
import io.crowsnest.scoring.v1.ListSegmentsRequest;
import io.crowsnest.scoring.v1.ListSegmentsResponse;
import io.crowsnest.scoring.v1.ObserveAttributesRequest;
import io.crowsnest.scoring.v1.ObserveAttributesResponse;
import io.crowsnest.scoring.v1.ObserveEventRequest;
import io.crowsnest.scoring.v1.ObserveEventResponse;
import io.crowsnest.scoring.v1.ObserveEventsRequest;
import io.crowsnest.scoring.v1.ObserveEventsResponse;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsRequest;
import io.crowsnest.scoring.v1.StreamSegmentTransitionsResponse;
import io.crowsnest.scoring.v1.UpsertScoringPlanRequest;
import io.crowsnest.scoring.v1.UpsertScoringPlanResponse;
import io.crowsnest.scoring.v1.UpsertSegmentRequest;
import io.crowsnest.scoring.v1.UpsertSegmentResponse;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemRequest;
import io.crowsnest.scoring.v1.UpsertSegmentationSystemResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * The gRPC adapter of crowsnest.scoring.v1.ScoringService: each RPC runs on a worker thread, is
 * checked and handed to its use case by the adapter of its area (plans, segments, observations,
 * persons), and its failures become the contract's status codes in one place (ErrorMapper).
 */
@GrpcService
public class ScoringGrpcService extends ScoringServiceGrpc.ScoringServiceImplBase {

    /** Request bytes that are no valid message are refused INVALID_ARGUMENT MALFORMED_REQUEST (platform). */
    @Override
    public io.grpc.ServerServiceDefinition bindService() {
        return io.crowsnest.platform.grpc.UnparsableRequests.guard(super.bindService());
    }

    @Inject
    PlanAdapter plans;
    @Inject
    SegmentAdapter segments;
    @Inject
    ObserveAdapter observer;
    @Inject
    PersonAdapter persons;

    @Override
    @Blocking
    public void upsertSegmentationSystem(UpsertSegmentationSystemRequest request,
            StreamObserver<UpsertSegmentationSystemResponse> response) {
        Calls.unary(response, () -> segments.upsertSystem(request));
    }

    @Override
    @Blocking
    public void listSegmentationSystems(ListSegmentationSystemsRequest request,
            StreamObserver<ListSegmentationSystemsResponse> response) {
        Calls.unary(response, () -> segments.listSystems());
    }

    @Override
    @Blocking
    public void deleteSegmentationSystem(DeleteSegmentationSystemRequest request,
            StreamObserver<DeleteSegmentationSystemResponse> response) {
        Calls.unary(response, () -> segments.deleteSystem(request));
    }

    @Override
    @Blocking
    public void upsertSegment(UpsertSegmentRequest request, StreamObserver<UpsertSegmentResponse> response) {
        Calls.unary(response, () -> segments.upsertSegment(request));
    }

    @Override
    @Blocking
    public void getSegment(GetSegmentRequest request, StreamObserver<GetSegmentResponse> response) {
        Calls.unary(response, () -> segments.getSegment(request));
    }

    @Override
    @Blocking
    public void listSegments(ListSegmentsRequest request, StreamObserver<ListSegmentsResponse> response) {
        Calls.unary(response, () -> segments.listSegments(request));
    }

    @Override
    @Blocking
    public void listSegmentMembers(ListSegmentMembersRequest request,
            StreamObserver<ListSegmentMembersResponse> response) {
        Calls.unary(response, () -> segments.listMembers(request));
    }

    @Override
    @Blocking
    public void deleteSegment(DeleteSegmentRequest request, StreamObserver<DeleteSegmentResponse> response) {
        Calls.unary(response, () -> segments.deleteSegment(request));
    }

    @Override
    @Blocking
    public void streamSegmentTransitions(StreamSegmentTransitionsRequest request,
            StreamObserver<StreamSegmentTransitionsResponse> response) {
        Calls.stream(response, () -> segments.streamTransitions(request, response));
    }

    @Override
    @Blocking
    public void getPopulationView(GetPopulationViewRequest request,
            StreamObserver<GetPopulationViewResponse> response) {
        Calls.unary(response, () -> segments.populationView(request));
    }

    @Override
    @Blocking
    public void forgetPerson(ForgetPersonRequest request, StreamObserver<ForgetPersonResponse> response) {
        Calls.unary(response, () -> persons.forget(request));
    }

    @Override
    @Blocking
    public void getScores(GetScoresRequest request, StreamObserver<GetScoresResponse> response) {
        Calls.unary(response, () -> persons.get(request));
    }

    @Override
    @Blocking
    public void observeEvent(ObserveEventRequest request, StreamObserver<ObserveEventResponse> response) {
        Calls.unary(response, () -> observer.observe(request));
    }

    @Override
    @Blocking
    public void observeEvents(ObserveEventsRequest request, StreamObserver<ObserveEventsResponse> response) {
        Calls.unary(response, () -> observer.observe(request));
    }

    @Override
    @Blocking
    public void observeAttributes(ObserveAttributesRequest request,
            StreamObserver<ObserveAttributesResponse> response) {
        Calls.unary(response, () -> observer.observe(request));
    }

    @Override
    @Blocking
    public void upsertScoringPlan(UpsertScoringPlanRequest request,
            StreamObserver<UpsertScoringPlanResponse> response) {
        Calls.unary(response, () -> plans.upsert(request));
    }

    @Override
    @Blocking
    public void getScoringPlan(GetScoringPlanRequest request, StreamObserver<GetScoringPlanResponse> response) {
        Calls.unary(response, () -> plans.get(request));
    }

    @Override
    @Blocking
    public void listScoringPlans(ListScoringPlansRequest request, StreamObserver<ListScoringPlansResponse> response) {
        Calls.unary(response, () -> plans.list(request));
    }

    @Override
    @Blocking
    public void listScoringPlanVersions(ListScoringPlanVersionsRequest request,
            StreamObserver<ListScoringPlanVersionsResponse> response) {
        Calls.unary(response, () -> plans.versions(request));
    }

    @Override
    @Blocking
    public void activateScoringPlanVersion(ActivateScoringPlanVersionRequest request,
            StreamObserver<ActivateScoringPlanVersionResponse> response) {
        Calls.unary(response, () -> plans.activate(request));
    }
}
