package io.crowsnest.decisioning.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.v1.CheckEligibilityBatchRequest;
import io.crowsnest.contactgovernance.v1.CheckEligibilityBatchResponse;
import io.crowsnest.contactgovernance.v1.CheckEligibilityRequest;
import io.crowsnest.contactgovernance.v1.CheckEligibilityResponse;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.CommitReservationRequest;
import io.crowsnest.contactgovernance.v1.CommitReservationResponse;
import io.crowsnest.contactgovernance.v1.RecordExternalContactRequest;
import io.crowsnest.contactgovernance.v1.ReleaseReservationRequest;
import io.crowsnest.contactgovernance.v1.ReleaseReservationResponse;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchResponse;
import io.crowsnest.contactgovernance.v1.RecordExternalContactResponse;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/** Calls to contact-governance, each with the configured deadline. */
@ApplicationScoped
public class GovernanceClient {

    /** How decisioning names itself in governance's ledger. */
    public static final String SYSTEM = "decisioning";

    @GrpcClient("contact-governance")
    Channel channel;
    @Inject
    DecisioningConfig config;

    /** The verdict on a contact, without side effects, in flight. */
    public CompletableFuture<CheckEligibilityResponse> check(ContactRequest contact) {
        return Futures.of(ContactGovernanceServiceGrpc.newFutureStub(channel)
                .withDeadlineAfter(config.deadlines().governance().toMillis(), TimeUnit.MILLISECONDS)
                .checkEligibility(CheckEligibilityRequest.newBuilder().setContact(contact).build()));
    }

    /** The verdicts on several contacts of one person, in request order, in one call, in flight. */
    public CompletableFuture<CheckEligibilityBatchResponse> checkAll(List<ContactRequest> contacts) {
        return Futures.of(ContactGovernanceServiceGrpc.newFutureStub(channel)
                .withDeadlineAfter(config.deadlines().governance().toMillis(), TimeUnit.MILLISECONDS)
                .checkEligibilityBatch(CheckEligibilityBatchRequest.newBuilder().addAllContacts(contacts).build()));
    }

    /**
     * Records a contact that happened outside a reservation (idempotent under the request's key). A
     * person erased meanwhile is refused FAILED_PRECONDITION PERSON_FORGOTTEN, whichever way
     * governance says it.
     */
    public RecordExternalContactResponse recordContact(RecordExternalContactRequest request) {
        try {
            return ContactGovernanceServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(config.deadlines().governance().toMillis(), TimeUnit.MILLISECONDS)
                    .recordExternalContact(request);
        } catch (StatusRuntimeException e) {
            if (ErrorReasons.personErased(e)) {
                throw new DecisioningException(DecisioningException.Kind.FAILED_PRECONDITION, "PERSON_FORGOTTEN",
                        "the person was forgotten (erased) meanwhile; no contact is recorded for them");
            }
            throw e;
        }
    }

    /** Reserves a batch of contacts, arbitrated per person (idempotent under the request's key). */
    public ReserveContactBatchResponse reserveAll(ReserveContactBatchRequest request) {
        return ContactGovernanceServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(config.campaigns().reserveDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .reserveContactBatch(request);
    }

    /** Commits a reservation: the contact happened (idempotent under the request's key). */
    public CommitReservationResponse commit(CommitReservationRequest request) {
        return ContactGovernanceServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(config.deadlines().governance().toMillis(), TimeUnit.MILLISECONDS)
                .commitReservation(request);
    }

    /** Releases a reservation that will not be used (idempotent under the request's key). */
    public ReleaseReservationResponse release(ReleaseReservationRequest request) {
        return ContactGovernanceServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(config.deadlines().governance().toMillis(), TimeUnit.MILLISECONDS)
                .releaseReservation(request);
    }
}
