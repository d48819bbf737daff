package io.crowsnest.gateway.client;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc.AlertNotificationServiceBlockingStub;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc.ContactGovernanceServiceBlockingStub;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc.DecisioningServiceBlockingStub;
import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.profile.v1.ProfileServiceGrpc.ProfileServiceBlockingStub;
import io.crowsnest.scoring.v1.ScoringServiceGrpc.ScoringServiceBlockingStub;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/**
 * Asks one service to forget a person (its ForgetPerson RPC, idempotent per key). Errors are a
 * {@link PeerFailure} keeping the service's gRPC status.
 */
@ApplicationScoped
public class ForgetClient {

    /** What a service answered: the ids it erased, and whether it had done so already. */
    public record Forgotten(List<String> personIds, boolean alreadyForgotten) {
    }

    /** The gateway's name in the services' audit logs. */
    private static final String REQUESTING_SYSTEM = "gateway";

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;
    @GrpcClient("profile")
    ProfileServiceBlockingStub profile;
    @GrpcClient("scoring")
    ScoringServiceBlockingStub scoring;
    @GrpcClient("decisioning")
    DecisioningServiceBlockingStub decisioning;
    @GrpcClient("contact-governance")
    ContactGovernanceServiceBlockingStub governance;
    @GrpcClient("alert-notification")
    AlertNotificationServiceBlockingStub alerts;
    @Inject
    GatewaySettings settings;

    /**
     * Calls {@code service}'s ForgetPerson (one of Erasure.SERVICES but the gateway) for the reason
     * given (its code, e.g. GDPR_ERASURE, and an optional sentence); a refusal or an outage is a
     * {@link PeerFailure}.
     */
    public Forgotten forget(String service, String personId, String reasonCode, String reasonMessage,
            String idempotencyKey) {
        Reason reason = Reason.newBuilder().setCode(reasonCode).setMessage(reasonMessage == null ? "" : reasonMessage)
                .build();
        try {
            return call(service, personId, reason, idempotencyKey);
        } catch (StatusRuntimeException e) {
            throw new PeerFailure(e);
        }
    }

    private Forgotten call(String service, String personId, Reason reason, String idempotencyKey) {
        long deadline = settings.profileDeadline().toMillis();
        return switch (service) {
            case "identity" -> answer(identity.withDeadlineAfter(deadline, TimeUnit.MILLISECONDS).forgetPerson(
                    request(io.crowsnest.identity.v1.ForgetPersonRequest.newBuilder(), personId, reason, idempotencyKey)));
            case "profile" -> answer(profile.withDeadlineAfter(deadline, TimeUnit.MILLISECONDS).forgetPerson(
                    request(io.crowsnest.profile.v1.ForgetPersonRequest.newBuilder(), personId, reason, idempotencyKey)));
            case "scoring" -> answer(scoring.withDeadlineAfter(deadline, TimeUnit.MILLISECONDS).forgetPerson(
                    request(io.crowsnest.scoring.v1.ForgetPersonRequest.newBuilder(), personId, reason, idempotencyKey)));
            case "decisioning" -> answer(decisioning.withDeadlineAfter(deadline, TimeUnit.MILLISECONDS).forgetPerson(
                    request(io.crowsnest.decisioning.v1.ForgetPersonRequest.newBuilder(), personId, reason,
                            idempotencyKey)));
            case "contact-governance" -> answer(governance.withDeadlineAfter(deadline, TimeUnit.MILLISECONDS)
                    .forgetPerson(request(io.crowsnest.contactgovernance.v1.ForgetPersonRequest.newBuilder(), personId,
                            reason, idempotencyKey)));
            case "alert-notification" -> answer(alerts.withDeadlineAfter(deadline, TimeUnit.MILLISECONDS)
                    .forgetPerson(request(io.crowsnest.alertnotification.v1.ForgetPersonRequest.newBuilder(), personId,
                            reason, idempotencyKey)));
            default -> throw new IllegalArgumentException("no ForgetPerson at " + service);
        };
    }

    /**
     * Every service's ForgetPersonRequest has the same fields (person_id, reason,
     * requesting_system, idempotency_key), every response forgotten_person_ids and
     * already_forgotten: filled and read by name.
     */
    @SuppressWarnings("unchecked")
    private static <M extends Message> M request(Message.Builder builder, String personId, Reason reason,
            String idempotencyKey) {
        Descriptor type = builder.getDescriptorForType();
        return (M) builder.setField(type.findFieldByName("person_id"), personId)
                .setField(type.findFieldByName("reason"), reason)
                .setField(type.findFieldByName("requesting_system"), REQUESTING_SYSTEM)
                .setField(type.findFieldByName("idempotency_key"), idempotencyKey).build();
    }

    @SuppressWarnings("unchecked")
    private static Forgotten answer(Message response) {
        Descriptor type = response.getDescriptorForType();
        return new Forgotten((List<String>) response.getField(type.findFieldByName("forgotten_person_ids")),
                (Boolean) response.getField(type.findFieldByName("already_forgotten")));
    }
}
