package io.crowsnest.decisioning.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.InvalidProtocolBufferException;

import io.crowsnest.contactgovernance.v1.BatchReservationItem;
import io.crowsnest.contactgovernance.v1.BatchReservationResult;
import io.crowsnest.contactgovernance.v1.CheckEligibilityBatchRequest;
import io.crowsnest.contactgovernance.v1.CheckEligibilityRequest;
import io.crowsnest.contactgovernance.v1.CommitReservationRequest;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.RecordExternalContactRequest;
import io.crowsnest.contactgovernance.v1.ReleaseReservationRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchResponse;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.ContactIntent;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.platform.grpc.Timestamps;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/**
 * Calls to contact-governance, each with the configured deadline: contacts go out as
 * {@link ContactIntent}s, verdicts come back as {@link GovernanceVerdict}s, and a refusal or an
 * outage as a {@link PeerFailure}.
 */
@ApplicationScoped
public class GovernanceClient {

    /** How decisioning names itself in governance's ledger. */
    public static final String SYSTEM = "decisioning";

    @GrpcClient("contact-governance")
    Channel channel;
    @Inject
    DecisioningConfig config;

    /** How one item of a reservation batch came out. */
    public enum Outcome {
        GRANTED, DENIED, UNAVAILABLE
    }

    /**
     * One item of a reservation batch and its result.
     *
     * @param reservationId when GRANTED
     * @param denials       the rule codes that denied it, when DENIED
     */
    public record Reservation(String campaignId, String personId, Outcome outcome, String reservationId,
            List<String> denials) {
    }

    /**
     * Governance's answer per key — its verdict, or a "CODE: description" error — from one
     * CheckEligibilityBatch call; from an older governance that does not have it (UNIMPLEMENTED,
     * e.g. during a rolling upgrade), or when governance refuses one of the contacts (e.g. a division
     * its policy does not know), from one CheckEligibility per key, so that only that key fails. The
     * future fails with a {@link PeerFailure} when the batch failed otherwise.
     */
    public CompletableFuture<Map<String, Object>> verdicts(Map<String, ContactIntent> contacts) {
        if (contacts.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        List<String> keys = List.copyOf(contacts.keySet());
        return checkAll(List.copyOf(contacts.values())).<Map<String, Object>>thenApply(r -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                out.put(keys.get(i), r.get(i));
            }
            return out;
        }).exceptionallyCompose(e -> {
            PeerFailure failure = PeerFailure.of(e);
            if (!failure.code().equals("UNIMPLEMENTED") && !failure.code().equals("INVALID_ARGUMENT")) {
                return CompletableFuture.failedFuture(failure);
            }
            Map<String, CompletableFuture<Object>> one = new LinkedHashMap<>();
            contacts.forEach((k, c) -> one.put(k, check(c).<Object>thenApply(v -> v).exceptionally(x -> {
                PeerFailure f = PeerFailure.of(x);
                return f.code() + ": " + f.description();
            })));
            return CompletableFuture.allOf(one.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
                Map<String, Object> out = new LinkedHashMap<>();
                one.forEach((k, f) -> out.put(k, f.join()));
                return out;
            });
        });
    }

    /** The verdict on a contact, without side effects, in flight. */
    public CompletableFuture<GovernanceVerdict> check(ContactIntent contact) {
        return Futures.of(stub().checkEligibility(CheckEligibilityRequest.newBuilder()
                .setContact(PeerMapping.contact(contact)).build())).thenApply(r -> PeerMapping.verdict(r.getVerdict()));
    }

    /** The verdicts on several contacts of one person, in request order, in one call, in flight. */
    public CompletableFuture<List<GovernanceVerdict>> checkAll(List<ContactIntent> contacts) {
        return Futures.of(stub().checkEligibilityBatch(CheckEligibilityBatchRequest.newBuilder()
                .addAllContacts(contacts.stream().map(PeerMapping::contact).toList()).build()))
                .thenApply(r -> r.getVerdictsList().stream().map(PeerMapping::verdict).toList());
    }

    /**
     * Records a contact that happened outside a reservation, with override (it happened), idempotent
     * under the key. A person erased meanwhile is refused FAILED_PRECONDITION PERSON_FORGOTTEN,
     * whichever way governance says it.
     */
    public void recordContact(ContactIntent contact, Instant at, String externalRef, String key) {
        RecordExternalContactRequest request = RecordExternalContactRequest.newBuilder()
                .setContact(PeerMapping.contact(contact)).setContactedAt(Timestamps.of(at)).setOverride(true)
                .setExternalRef(externalRef).setIdempotencyKey(key).build();
        try {
            PeerFailure.call(() -> blocking(config.deadlines().governance().toMillis()).recordExternalContact(request));
        } catch (PeerFailure e) {
            if (e.personErased()) {
                throw new DecisioningException(DecisioningException.Kind.FAILED_PRECONDITION, "PERSON_FORGOTTEN",
                        "the person was forgotten (erased) meanwhile; no contact is recorded for them");
            }
            throw e;
        }
    }

    /**
     * A reservation batch as it will be sent (items i1, i2... in order), encoded: kept by the caller
     * so that after a crash the very same request is sent again under the same key.
     */
    public byte[] reservationBatch(List<ContactIntent> contacts, long ttlSeconds, String key) {
        ReserveContactBatchRequest.Builder request = ReserveContactBatchRequest.newBuilder().setTtlSeconds(ttlSeconds)
                .setIdempotencyKey(key);
        for (int i = 0; i < contacts.size(); i++) {
            request.addItems(BatchReservationItem.newBuilder().setItemId("i" + (i + 1))
                    .setContact(PeerMapping.contact(contacts.get(i))));
        }
        return request.build().toByteArray();
    }

    /** Sends a kept reservation batch (arbitrated per person; idempotent under its key) and reads every item's result. */
    public List<Reservation> reserve(String key, byte[] kept) {
        ReserveContactBatchRequest request;
        try {
            request = ReserveContactBatchRequest.parseFrom(kept);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("kept reservation batch " + key + " is unreadable", e);
        }
        ReserveContactBatchResponse response = PeerFailure.call(() -> blocking(
                config.campaigns().reserveDeadline().toMillis()).reserveContactBatch(request));
        List<Reservation> out = new ArrayList<>();
        for (int i = 0; i < request.getItemsCount(); i++) {
            ContactRequest contact = request.getItems(i).getContact();
            BatchReservationResult result = response.getResults(i);
            Outcome outcome = switch (result.getOutcome()) {
                case BATCH_ITEM_OUTCOME_GRANTED -> Outcome.GRANTED;
                case BATCH_ITEM_OUTCOME_DENIED -> Outcome.DENIED;
                default -> Outcome.UNAVAILABLE;
            };
            out.add(new Reservation(contact.getCampaignId(), contact.getPerson().getPersonId(), outcome,
                    result.getReservationId(), result.getVerdict().getViolationsList().stream()
                            .map(v -> v.getReason().getCode()).distinct().toList()));
        }
        return out;
    }

    /** Commits a reservation: the contact happened (idempotent under the key). */
    public void commit(String reservationId, Instant contactedAt, String externalRef, String key) {
        PeerFailure.call(() -> blocking(config.deadlines().governance().toMillis()).commitReservation(
                CommitReservationRequest.newBuilder().setReservationId(reservationId)
                        .setContactedAt(Timestamps.of(contactedAt)).setExternalRef(externalRef)
                        .setIdempotencyKey(key).build()));
    }

    /** Releases a reservation that will not be used (idempotent under the key). */
    public void release(String reservationId, String code, String message, String key) {
        PeerFailure.call(() -> blocking(config.deadlines().governance().toMillis()).releaseReservation(
                ReleaseReservationRequest.newBuilder().setReservationId(reservationId)
                        .setReason(PeerMapping.reason(code, message)).setIdempotencyKey(key).build()));
    }

    private ContactGovernanceServiceGrpc.ContactGovernanceServiceFutureStub stub() {
        return ContactGovernanceServiceGrpc.newFutureStub(channel)
                .withDeadlineAfter(config.deadlines().governance().toMillis(), TimeUnit.MILLISECONDS);
    }

    private ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub blocking(long deadlineMillis) {
        return ContactGovernanceServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    }
}
