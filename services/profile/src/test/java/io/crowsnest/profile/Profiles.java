package io.crowsnest.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import com.google.protobuf.Value;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.localstack.testing.GrpcErrorDetails;
import io.crowsnest.localstack.testing.SignedChannels;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.GetProfileRequest;
import io.crowsnest.profile.v1.Profile;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.ProfileServiceGrpc.ProfileServiceBlockingStub;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Real gRPC clients of the profile service under test and of identity, request builders, error readers. */
final class Profiles implements AutoCloseable {

    final ProfileServiceBlockingStub stub;
    final IdentityServiceBlockingStub identity;
    private final List<ManagedChannel> channels;

    Profiles(IdentityProcess.Address identityAddress) {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        ManagedChannel profile = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        ManagedChannel identityChannel = SignedChannels.to(identityAddress.host(), identityAddress.grpcPort());
        channels = List.of(profile, identityChannel);
        stub = ProfileServiceGrpc.newBlockingStub(profile);
        identity = IdentityServiceGrpc.newBlockingStub(identityChannel);
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
    }

    /** A value no other test uses. */
    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static Identifier id(String type, String value) {
        return Identifier.newBuilder().setType(type).setValue(value).build();
    }

    static Identifier cookie() {
        return id("cookie", unique("ck-"));
    }

    static PersonRef person(String personId) {
        return PersonRef.newBuilder().setPersonId(personId).build();
    }

    static PersonRef person(Identifier identifier) {
        return PersonRef.newBuilder().setIdentifier(identifier).build();
    }

    /** A valid page view of the identifiers, now. */
    static RecordEventRequest.Builder pageView(Identifier... identifiers) {
        return event(EventType.EVENT_TYPE_PAGE_VIEW, Channel.CHANNEL_WEB, Instant.now(), identifiers)
                .putProperties("url", string("https://shop.example.com/cards"))
                .putProperties("page_depth", number(2));
    }

    static RecordEventRequest.Builder event(EventType type, Channel channel, Instant at, Identifier... identifiers) {
        return RecordEventRequest.newBuilder().setEventId(unique("web:")).addAllIdentifiers(List.of(identifiers))
                .setType(type).setChannel(channel).setOccurredAt(Timestamps.of(at)).setSource("web-analytics");
    }

    static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    static Value number(double n) {
        return Value.newBuilder().setNumberValue(n).build();
    }

    Profile profile(String personId) {
        return stub.getProfile(GetProfileRequest.newBuilder().setPerson(person(personId)).build()).getProfile();
    }

    static StatusRuntimeException error(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run);
    }

    /** Asserts INVALID_ARGUMENT naming exactly these fields, and the reason when one is given. */
    static void assertInvalid(Runnable call, String reason, String... fields) {
        StatusRuntimeException e = error(call);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
        assertEquals(List.of(fields), GrpcErrorDetails.fields(e), e.getStatus().toString());
        if (!reason.isEmpty()) {
            assertEquals(reason, GrpcErrorDetails.reason(e));
        }
    }

    /** Asserts an error with this code and ErrorInfo reason. */
    static void assertError(Status.Code code, String reason, Runnable call) {
        StatusRuntimeException e = error(call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        assertEquals(reason, GrpcErrorDetails.reason(e), e.getStatus().toString());
    }
}
