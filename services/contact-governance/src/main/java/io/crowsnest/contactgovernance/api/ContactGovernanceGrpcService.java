package io.crowsnest.contactgovernance.api;

import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionRequest;
import io.crowsnest.contactgovernance.v1.ActivatePolicyVersionResponse;
import io.crowsnest.contactgovernance.v1.CheckEligibilityBatchRequest;
import io.crowsnest.contactgovernance.v1.CheckEligibilityBatchResponse;
import io.crowsnest.contactgovernance.v1.CheckEligibilityRequest;
import io.crowsnest.contactgovernance.v1.CheckEligibilityResponse;
import io.crowsnest.contactgovernance.v1.CommitReservationRequest;
import io.crowsnest.contactgovernance.v1.CommitReservationResponse;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ForgetPersonRequest;
import io.crowsnest.contactgovernance.v1.ForgetPersonResponse;
import io.crowsnest.contactgovernance.v1.GetConsentsRequest;
import io.crowsnest.contactgovernance.v1.GetConsentsResponse;
import io.crowsnest.contactgovernance.v1.GetContactPressureRequest;
import io.crowsnest.contactgovernance.v1.GetContactPressureResponse;
import io.crowsnest.contactgovernance.v1.GetPolicyRequest;
import io.crowsnest.contactgovernance.v1.GetPolicyResponse;
import io.crowsnest.contactgovernance.v1.GetReservationRequest;
import io.crowsnest.contactgovernance.v1.GetReservationResponse;
import io.crowsnest.contactgovernance.v1.ListConsentChangesRequest;
import io.crowsnest.contactgovernance.v1.ListConsentChangesResponse;
import io.crowsnest.contactgovernance.v1.ListContactHistoryRequest;
import io.crowsnest.contactgovernance.v1.ListContactHistoryResponse;
import io.crowsnest.contactgovernance.v1.ListPoliciesRequest;
import io.crowsnest.contactgovernance.v1.ListPoliciesResponse;
import io.crowsnest.contactgovernance.v1.ListPolicyVersionsRequest;
import io.crowsnest.contactgovernance.v1.ListPolicyVersionsResponse;
import io.crowsnest.contactgovernance.v1.MergePersonsRequest;
import io.crowsnest.contactgovernance.v1.MergePersonsResponse;
import io.crowsnest.contactgovernance.v1.RecordContactOutcomeRequest;
import io.crowsnest.contactgovernance.v1.RecordContactOutcomeResponse;
import io.crowsnest.contactgovernance.v1.RecordExternalContactRequest;
import io.crowsnest.contactgovernance.v1.RecordExternalContactResponse;
import io.crowsnest.contactgovernance.v1.ReleaseReservationRequest;
import io.crowsnest.contactgovernance.v1.ReleaseReservationResponse;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchResponse;
import io.crowsnest.contactgovernance.v1.ReserveContactRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactResponse;
import io.crowsnest.contactgovernance.v1.SetConsentsRequest;
import io.crowsnest.contactgovernance.v1.SetConsentsResponse;
import io.crowsnest.contactgovernance.v1.SimulatePolicyRequest;
import io.crowsnest.contactgovernance.v1.SimulatePolicyResponse;
import io.crowsnest.contactgovernance.v1.UpsertPolicyRequest;
import io.crowsnest.contactgovernance.v1.UpsertPolicyResponse;
import io.crowsnest.platform.grpc.Calls;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * The gRPC adapter of crowsnest.contactgovernance.v1.ContactGovernanceService: each RPC runs on a
 * worker thread (the stores are blocking), is handed to the adapter of its area (request checks,
 * then the use case) and its failures become the contract's status codes in the platform's
 * {@link Calls}: a domain refusal (GovernanceException) by its kind and reason.
 */
@GrpcService
public class ContactGovernanceGrpcService extends ContactGovernanceServiceGrpc.ContactGovernanceServiceImplBase {

    /** Request bytes that are no valid message are refused INVALID_ARGUMENT MALFORMED_REQUEST (platform). */
    @Override
    public io.grpc.ServerServiceDefinition bindService() {
        return io.crowsnest.platform.grpc.UnparsableRequests.guard(super.bindService());
    }

    @Inject
    ReservationAdapter reservations;
    @Inject
    BatchAdapter batches;
    @Inject
    PolicyAdapter policies;
    @Inject
    ConsentAdapter consents;
    @Inject
    HistoryAdapter history;
    @Inject
    PersonAdapter people;
    @Inject
    PressureAdapter pressure;

    @Override
    @Blocking
    public void simulatePolicy(SimulatePolicyRequest request, StreamObserver<SimulatePolicyResponse> response) {
        Calls.stream(response, () -> policies.simulate(request, response));
    }

    @Override
    @Blocking
    public void reserveContactBatch(ReserveContactBatchRequest request,
            StreamObserver<ReserveContactBatchResponse> response) {
        Calls.unary(response, () -> batches.reserve(request));
    }

    @Override
    @Blocking
    public void mergePersons(MergePersonsRequest request, StreamObserver<MergePersonsResponse> response) {
        Calls.unary(response, () -> people.merge(request));
    }

    @Override
    @Blocking
    public void forgetPerson(ForgetPersonRequest request, StreamObserver<ForgetPersonResponse> response) {
        Calls.unary(response, () -> people.forget(request));
    }

    @Override
    @Blocking
    public void checkEligibility(CheckEligibilityRequest request, StreamObserver<CheckEligibilityResponse> response) {
        Calls.unary(response, () -> reservations.check(request));
    }

    @Override
    @Blocking
    public void checkEligibilityBatch(CheckEligibilityBatchRequest request,
            StreamObserver<CheckEligibilityBatchResponse> response) {
        Calls.unary(response, () -> batches.check(request));
    }

    @Override
    @Blocking
    public void reserveContact(ReserveContactRequest request, StreamObserver<ReserveContactResponse> response) {
        Calls.unary(response, () -> reservations.reserve(request));
    }

    @Override
    @Blocking
    public void getReservation(GetReservationRequest request, StreamObserver<GetReservationResponse> response) {
        Calls.unary(response, () -> reservations.get(request));
    }

    @Override
    @Blocking
    public void commitReservation(CommitReservationRequest request,
            StreamObserver<CommitReservationResponse> response) {
        Calls.unary(response, () -> reservations.commit(request));
    }

    @Override
    @Blocking
    public void releaseReservation(ReleaseReservationRequest request,
            StreamObserver<ReleaseReservationResponse> response) {
        Calls.unary(response, () -> reservations.release(request));
    }

    @Override
    @Blocking
    public void recordExternalContact(RecordExternalContactRequest request,
            StreamObserver<RecordExternalContactResponse> response) {
        Calls.unary(response, () -> reservations.recordExternal(request));
    }

    @Override
    @Blocking
    public void recordContactOutcome(RecordContactOutcomeRequest request,
            StreamObserver<RecordContactOutcomeResponse> response) {
        Calls.unary(response, () -> reservations.recordOutcome(request));
    }

    @Override
    @Blocking
    public void listContactHistory(ListContactHistoryRequest request,
            StreamObserver<ListContactHistoryResponse> response) {
        Calls.unary(response, () -> history.list(request));
    }

    @Override
    @Blocking
    public void getContactPressure(GetContactPressureRequest request,
            StreamObserver<GetContactPressureResponse> response) {
        Calls.unary(response, () -> pressure.get(request));
    }

    @Override
    @Blocking
    public void getConsents(GetConsentsRequest request, StreamObserver<GetConsentsResponse> response) {
        Calls.unary(response, () -> consents.get(request));
    }

    @Override
    @Blocking
    public void setConsents(SetConsentsRequest request, StreamObserver<SetConsentsResponse> response) {
        Calls.unary(response, () -> consents.set(request));
    }

    @Override
    @Blocking
    public void listConsentChanges(ListConsentChangesRequest request,
            StreamObserver<ListConsentChangesResponse> response) {
        Calls.unary(response, () -> consents.history(request));
    }

    @Override
    @Blocking
    public void upsertPolicy(UpsertPolicyRequest request, StreamObserver<UpsertPolicyResponse> response) {
        Calls.unary(response, () -> policies.upsert(request));
    }

    @Override
    @Blocking
    public void getPolicy(GetPolicyRequest request, StreamObserver<GetPolicyResponse> response) {
        Calls.unary(response, () -> policies.get(request));
    }

    @Override
    @Blocking
    public void listPolicies(ListPoliciesRequest request, StreamObserver<ListPoliciesResponse> response) {
        Calls.unary(response, () -> policies.list(request));
    }

    @Override
    @Blocking
    public void listPolicyVersions(ListPolicyVersionsRequest request,
            StreamObserver<ListPolicyVersionsResponse> response) {
        Calls.unary(response, () -> policies.versions(request));
    }

    @Override
    @Blocking
    public void activatePolicyVersion(ActivatePolicyVersionRequest request,
            StreamObserver<ActivatePolicyVersionResponse> response) {
        Calls.unary(response, () -> policies.activate(request));
    }
}
