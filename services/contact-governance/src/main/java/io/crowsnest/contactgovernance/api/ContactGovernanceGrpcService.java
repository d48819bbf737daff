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
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * The gRPC adapter of crowsnest.contactgovernance.v1.ContactGovernanceService: each RPC runs on a
 * worker thread (the stores are blocking), is handed to the adapter of its area (request checks,
 * then the use case) and its failures become the contract's status codes in {@link ErrorMapper}.
 */
@GrpcService
public class ContactGovernanceGrpcService extends ContactGovernanceServiceGrpc.ContactGovernanceServiceImplBase {

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

    @Override
    @Blocking
    public void simulatePolicy(SimulatePolicyRequest request, StreamObserver<SimulatePolicyResponse> response) {
        ErrorMapper.stream(response, () -> policies.simulate(request, response));
    }

    @Override
    @Blocking
    public void reserveContactBatch(ReserveContactBatchRequest request,
            StreamObserver<ReserveContactBatchResponse> response) {
        ErrorMapper.unary(response, () -> batches.reserve(request));
    }

    @Override
    @Blocking
    public void mergePersons(MergePersonsRequest request, StreamObserver<MergePersonsResponse> response) {
        ErrorMapper.unary(response, () -> people.merge(request));
    }

    @Override
    @Blocking
    public void forgetPerson(ForgetPersonRequest request, StreamObserver<ForgetPersonResponse> response) {
        ErrorMapper.unary(response, () -> people.forget(request));
    }

    @Override
    @Blocking
    public void checkEligibility(CheckEligibilityRequest request, StreamObserver<CheckEligibilityResponse> response) {
        ErrorMapper.unary(response, () -> reservations.check(request));
    }

    @Override
    @Blocking
    public void checkEligibilityBatch(CheckEligibilityBatchRequest request,
            StreamObserver<CheckEligibilityBatchResponse> response) {
        ErrorMapper.unary(response, () -> batches.check(request));
    }

    @Override
    @Blocking
    public void reserveContact(ReserveContactRequest request, StreamObserver<ReserveContactResponse> response) {
        ErrorMapper.unary(response, () -> reservations.reserve(request));
    }

    @Override
    @Blocking
    public void getReservation(GetReservationRequest request, StreamObserver<GetReservationResponse> response) {
        ErrorMapper.unary(response, () -> reservations.get(request));
    }

    @Override
    @Blocking
    public void commitReservation(CommitReservationRequest request,
            StreamObserver<CommitReservationResponse> response) {
        ErrorMapper.unary(response, () -> reservations.commit(request));
    }

    @Override
    @Blocking
    public void releaseReservation(ReleaseReservationRequest request,
            StreamObserver<ReleaseReservationResponse> response) {
        ErrorMapper.unary(response, () -> reservations.release(request));
    }

    @Override
    @Blocking
    public void recordExternalContact(RecordExternalContactRequest request,
            StreamObserver<RecordExternalContactResponse> response) {
        ErrorMapper.unary(response, () -> reservations.recordExternal(request));
    }

    @Override
    @Blocking
    public void recordContactOutcome(RecordContactOutcomeRequest request,
            StreamObserver<RecordContactOutcomeResponse> response) {
        ErrorMapper.unary(response, () -> reservations.recordOutcome(request));
    }

    @Override
    @Blocking
    public void listContactHistory(ListContactHistoryRequest request,
            StreamObserver<ListContactHistoryResponse> response) {
        ErrorMapper.unary(response, () -> history.list(request));
    }

    @Override
    @Blocking
    public void getConsents(GetConsentsRequest request, StreamObserver<GetConsentsResponse> response) {
        ErrorMapper.unary(response, () -> consents.get(request));
    }

    @Override
    @Blocking
    public void setConsents(SetConsentsRequest request, StreamObserver<SetConsentsResponse> response) {
        ErrorMapper.unary(response, () -> consents.set(request));
    }

    @Override
    @Blocking
    public void listConsentChanges(ListConsentChangesRequest request,
            StreamObserver<ListConsentChangesResponse> response) {
        ErrorMapper.unary(response, () -> consents.history(request));
    }

    @Override
    @Blocking
    public void upsertPolicy(UpsertPolicyRequest request, StreamObserver<UpsertPolicyResponse> response) {
        ErrorMapper.unary(response, () -> policies.upsert(request));
    }

    @Override
    @Blocking
    public void getPolicy(GetPolicyRequest request, StreamObserver<GetPolicyResponse> response) {
        ErrorMapper.unary(response, () -> policies.get(request));
    }

    @Override
    @Blocking
    public void listPolicies(ListPoliciesRequest request, StreamObserver<ListPoliciesResponse> response) {
        ErrorMapper.unary(response, () -> policies.list(request));
    }

    @Override
    @Blocking
    public void listPolicyVersions(ListPolicyVersionsRequest request,
            StreamObserver<ListPolicyVersionsResponse> response) {
        ErrorMapper.unary(response, () -> policies.versions(request));
    }

    @Override
    @Blocking
    public void activatePolicyVersion(ActivatePolicyVersionRequest request,
            StreamObserver<ActivatePolicyVersionResponse> response) {
        ErrorMapper.unary(response, () -> policies.activate(request));
    }
}
