package io.crowsnest.profile.api;

import jakarta.inject.Inject;

import io.crowsnest.profile.v1.ExportProfileRequest;
import io.crowsnest.profile.v1.ExportProfileResponse;
import io.crowsnest.profile.v1.ForgetPersonRequest;
import io.crowsnest.profile.v1.ForgetPersonResponse;
import io.crowsnest.profile.v1.GetAttributeHistoryRequest;
import io.crowsnest.profile.v1.GetAttributeHistoryResponse;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.GetProfileResponse;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.ListEventsResponse;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.RecordAnswerRequest;
import io.crowsnest.profile.v1.RecordAnswerResponse;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.crowsnest.profile.v1.RecordEventResponse;
import io.crowsnest.profile.v1.RecordEventsRequest;
import io.crowsnest.profile.v1.RecordEventsResponse;
import io.crowsnest.profile.v1.UpdateAttributesRequest;
import io.crowsnest.profile.v1.UpdateAttributesResponse;
import io.crowsnest.platform.grpc.Calls;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * The gRPC adapter of crowsnest.profile.v1.ProfileService: each RPC runs on a worker thread and its
 * failures become the contract's status codes in one place (the platform's {@link Calls}, which
 * answers profile's refusals by their kind and reason). Each RPC is handed to the adapter of its
 * area: check, map, call a use case (service/), answer.
 */
@GrpcService
public class ProfileGrpcService extends ProfileServiceGrpc.ProfileServiceImplBase {

    /** Request bytes that are no valid message are refused INVALID_ARGUMENT MALFORMED_REQUEST (platform). */
    @Override
    public io.grpc.ServerServiceDefinition bindService() {
        return io.crowsnest.platform.grpc.UnparsableRequests.guard(super.bindService());
    }

    @Inject
    EventAdapter events;
    @Inject
    ReadAdapter reads;
    @Inject
    AttributeAdapter attributes;
    @Inject
    AnswerAdapter answers;
    @Inject
    ForgetAdapter forgets;

    @Override
    @Blocking
    public void recordEvent(RecordEventRequest request, StreamObserver<RecordEventResponse> response) {
        Calls.unary(response, () -> events.record(request));
    }

    @Override
    @Blocking
    public void recordEvents(RecordEventsRequest request, StreamObserver<RecordEventsResponse> response) {
        Calls.unary(response, () -> events.record(request));
    }

    @Override
    @Blocking
    public void getProfile(GetProfileRequest request, StreamObserver<GetProfileResponse> response) {
        Calls.unary(response, () -> reads.profile(request));
    }

    @Override
    @Blocking
    public void listEvents(ListEventsRequest request, StreamObserver<ListEventsResponse> response) {
        Calls.unary(response, () -> reads.events(request));
    }

    @Override
    @Blocking
    public void updateAttributes(UpdateAttributesRequest request, StreamObserver<UpdateAttributesResponse> response) {
        Calls.unary(response, () -> attributes.update(request));
    }

    @Override
    @Blocking
    public void recordAnswer(RecordAnswerRequest request, StreamObserver<RecordAnswerResponse> response) {
        Calls.unary(response, () -> answers.record(request));
    }

    @Override
    @Blocking
    public void getAttributeHistory(GetAttributeHistoryRequest request,
            StreamObserver<GetAttributeHistoryResponse> response) {
        Calls.unary(response, () -> reads.history(request));
    }

    @Override
    @Blocking
    public void exportProfile(ExportProfileRequest request, StreamObserver<ExportProfileResponse> response) {
        Calls.unary(response, () -> reads.export(request));
    }

    @Override
    @Blocking
    public void forgetPerson(ForgetPersonRequest request, StreamObserver<ForgetPersonResponse> response) {
        Calls.unary(response, () -> forgets.forget(request));
    }
}
