package io.crowsnest.alertnotification.client;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.alertnotification.config.AlertsConfig;
import io.crowsnest.alertnotification.domain.Address;
import io.crowsnest.alertnotification.domain.AlertErrors;
import io.crowsnest.alertnotification.domain.MessageChannel;
import io.crowsnest.alertnotification.domain.PersonLookup;
import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.identity.v1.GetDeliveryAddressesRequest;
import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/** Calls to identity: who a person reference is (never creating one), and delivery addresses. */
@ApplicationScoped
public class IdentityClient {

    @GrpcClient("identity")
    IdentityServiceBlockingStub identity;
    @Inject
    AlertsConfig config;

    /** The current person id of a reference (the survivor's for a merged-away id). */
    public String personId(PersonLookup ref, String field) {
        try {
            if (ref.byIdentifier()) {
                Identifier identifier = Identifier.newBuilder().setType(ref.identifierType())
                        .setValue(ref.identifierValue()).setNamespace(ref.namespace()).build();
                return PeerCalls.call("identity", config.peerAttempts(), () -> stub()
                        .lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(identifier).build())
                        .getPersonId());
            }
            return PeerCalls.call("identity", config.peerAttempts(), () -> stub()
                    .getIdentity(GetIdentityRequest.newBuilder().setPersonId(ref.personId()).build())
                    .getIdentity().getPersonId());
        } catch (StatusRuntimeException e) {
            throw translate(e, field);
        }
    }

    /** Whether identity knows the id (forgotten and unknown ids are not known). */
    public boolean knows(String personId) {
        try {
            personId(PersonLookup.byId(personId), "person_id");
            return true;
        } catch (AlertErrors.PersonNotFound e) {
            return false;
        }
    }

    /** The raw addresses of a person for a channel, most recent first as identity orders them. */
    public List<Address> addresses(String personId, MessageChannel messageChannel) {
        Channel channel = Channel.valueOf("CHANNEL_" + messageChannel.name());
        try {
            return PeerCalls.call("identity", config.peerAttempts(), () -> stub().getDeliveryAddresses(
                    GetDeliveryAddressesRequest.newBuilder().setPersonId(personId).setChannel(channel)
                            .setRequestingSystem("alert-notification").build()).getAddressesList()).stream()
                    .map(a -> new Address(a.getType(), a.getValue(), a.getMaskedValue(), a.getNamespace())).toList();
        } catch (StatusRuntimeException e) {
            throw translate(e, "person");
        }
    }

    private IdentityServiceBlockingStub stub() {
        return identity.withDeadlineAfter(config.peerDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static RuntimeException translate(StatusRuntimeException e, String field) {
        return switch (e.getStatus().getCode()) {
            case NOT_FOUND -> new AlertErrors.PersonNotFound(field);
            case INVALID_ARGUMENT -> GrpcErrors.invalid(field, "not a valid person reference: "
                    + e.getStatus().getDescription());
            default -> e.getStatus().getCode() == Status.Code.UNAVAILABLE ? e
                    : PeerCalls.unavailable("identity", e.getStatus().getCode());
        };
    }
}
