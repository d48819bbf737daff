package io.crowsnest.alertnotification.client;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.alertnotification.config.AlertsConfig;
import io.crowsnest.alertnotification.domain.Delivery;
import io.crowsnest.alertnotification.domain.DeliveryErrors;
import io.crowsnest.alertnotification.domain.Reason;
import io.crowsnest.alertnotification.domain.Reservation;
import io.crowsnest.contactgovernance.v1.CommitReservationRequest;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.GetReservationRequest;
import io.crowsnest.contactgovernance.v1.RecordContactOutcomeRequest;
import io.crowsnest.contactgovernance.v1.RecordExternalContactRequest;
import io.crowsnest.contactgovernance.v1.ReleaseReservationRequest;
import io.crowsnest.platform.grpc.Timestamps;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/**
 * Calls to contact-governance for deliveries: read a reservation, commit it when the provider
 * accepted the message, release it when nothing was sent, and report outcomes. Writes go under
 * idempotency keys derived from the delivery, so retries never count twice.
 */
@ApplicationScoped
public class GovernanceClient {

    private static final Logger LOG = Logger.getLogger(GovernanceClient.class);

    /** How a commit ended. */
    public enum Commit {
        COMMITTED, UNREACHABLE
    }

    @GrpcClient("governance")
    ContactGovernanceServiceBlockingStub governance;
    @Inject
    AlertsConfig config;

    public Reservation reservation(String reservationId) {
        try {
            var r = call(() -> stub().getReservation(GetReservationRequest.newBuilder()
                    .setReservationId(reservationId).build())).getReservation();
            return new Reservation(r.getReservationId(), r.getPersonId(),
                    r.getContact().getChannel().name().replace("CHANNEL_", ""),
                    Reservation.State.valueOf(r.getState().name().replace("RESERVATION_STATE_", "")),
                    Timestamps.instant(r.getExpiresAt()));
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND || code == Status.Code.INVALID_ARGUMENT) {
                throw new DeliveryErrors.ReservationNotFound(reservationId);
            }
            throw e;
        }
    }

    /**
     * Commits the reservation of a sent message. When governance refuses (the reservation expired or
     * was voided while the provider held the message), the contact happened all the same: it is
     * recorded as an external contact with override, so that caps count it.
     */
    public Commit commit(String reservationId, String deliveryId, Instant sentAt, String externalRef) {
        try {
            call(() -> stub().commitReservation(CommitReservationRequest.newBuilder().setReservationId(reservationId)
                    .setContactedAt(Timestamps.of(sentAt)).setExternalRef(externalRef)
                    .setIdempotencyKey("commit-" + deliveryId).build()));
            return Commit.COMMITTED;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION && !PeerCalls.personErased(e)) {
                return Commit.UNREACHABLE;
            }
        }
        try {
            var contact = call(() -> stub().getReservation(GetReservationRequest.newBuilder()
                    .setReservationId(reservationId).build())).getReservation().getContact();
            call(() -> stub().recordExternalContact(RecordExternalContactRequest.newBuilder().setContact(contact)
                    .setContactedAt(Timestamps.of(sentAt)).setOverride(true).setExternalRef(externalRef)
                    .setIdempotencyKey("external-" + deliveryId).build()));
            LOG.warnf("reservation %s could not be committed after delivery %s was sent; recorded as an external "
                    + "contact", reservationId, deliveryId);
            return Commit.COMMITTED;
        } catch (StatusRuntimeException e) {
            return Commit.UNREACHABLE;
        }
    }

    /** Releases the reservation of a message not sent; false when governance could not be reached. */
    public boolean release(String reservationId, String deliveryId, Reason why) {
        try {
            call(() -> stub().releaseReservation(ReleaseReservationRequest.newBuilder().setReservationId(reservationId)
                    .setReason(io.crowsnest.common.v1.Reason.newBuilder().setCode(why.code()).setMessage(why.message()))
                    .setIdempotencyKey("release-" + deliveryId).build()));
            return true;
        } catch (StatusRuntimeException e) {
            LOG.warnf("reservation %s of failed delivery %s not released (%s); it frees itself at expiry",
                    reservationId, deliveryId, e.getStatus().getCode());
            return false;
        }
    }

    /** Reports a provider's outcome of a committed contact. */
    public void outcome(String reservationId, Delivery.Event event, Instant at, Reason detail, String source,
            String key) {
        ContactOutcome outcome = switch (event) {
            case DELIVERED, OPENED -> ContactOutcome.CONTACT_OUTCOME_DELIVERED;
            case BOUNCED -> ContactOutcome.CONTACT_OUTCOME_FAILED;
            case CLICKED -> ContactOutcome.CONTACT_OUTCOME_RESPONDED;
        };
        var request = RecordContactOutcomeRequest.newBuilder().setReservationId(reservationId).setOutcome(outcome)
                .setOccurredAt(Timestamps.of(at)).setSource(source).setIdempotencyKey(key);
        if (detail != null) {
            request.setDetail(io.crowsnest.common.v1.Reason.newBuilder().setCode(detail.code())
                    .setMessage(detail.message()));
        }
        call(() -> stub().recordContactOutcome(request.build()));
    }

    private <T> T call(java.util.function.Supplier<T> rpc) {
        return PeerCalls.call("contact-governance", config.peerAttempts(), rpc);
    }

    private ContactGovernanceServiceBlockingStub stub() {
        return governance.withDeadlineAfter(config.peerDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
