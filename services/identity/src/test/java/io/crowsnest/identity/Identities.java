package io.crowsnest.identity;

import io.crowsnest.localstack.testing.GrpcErrorDetails;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;


import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.identity.v1.ForgetPersonRequest;
import io.crowsnest.identity.v1.ForgetPersonResponse;
import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.Identity;
import io.crowsnest.identity.v1.LinkEvidence;
import io.crowsnest.identity.v1.LinkPersonsRequest;
import io.crowsnest.identity.v1.LinkPersonsResponse;
import io.crowsnest.identity.v1.UnmergePersonsRequest;
import io.crowsnest.identity.v1.UnmergePersonsResponse;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;

/** A real gRPC client of the identity service under test, request builders and error readers. */
final class Identities implements AutoCloseable {

    final ManagedChannel channel;
    final IdentityServiceBlockingStub stub;

    Identities() {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        stub = IdentityServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    /** A value no other test uses. */
    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static Identifier id(String type, String value) {
        return Identifier.newBuilder().setType(type).setValue(value).build();
    }

    static Identifier id(String type, String value, String namespace) {
        return Identifier.newBuilder().setType(type).setValue(value).setNamespace(namespace).build();
    }

    static ResolvePersonRequest request(String key, Identifier... identifiers) {
        return ResolvePersonRequest.newBuilder().addAllIdentifiers(List.of(identifiers))
                .setRequestingSystem("profile").setRequestId("evt-1").setIdempotencyKey(key).build();
    }

    ResolvePersonResponse resolve(Identifier... identifiers) {
        return stub.resolvePerson(request(key(), identifiers));
    }

    String lookup(Identifier identifier) {
        return stub.lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(identifier).build()).getPersonId();
    }

    static StatusRuntimeException error(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run);
    }

    /** The ErrorInfo reason of an error, or "" when none. */
    static String reason(StatusRuntimeException e) {
        return GrpcErrorDetails.reason(e);
    }

    /** The field paths of a BadRequest detail. */
    static List<String> fields(StatusRuntimeException e) {
        return GrpcErrorDetails.fields(e);
    }

    ResolvePersonResponse resolveAuthenticated(Identifier... identifiers) {
        return stub.resolvePerson(request(key(), identifiers).toBuilder()
                .setEvidence(LinkEvidence.LINK_EVIDENCE_AUTHENTICATED).setRequestingSystem("web-login").build());
    }

    static Reason because(String code) {
        return Reason.newBuilder().setCode(code).setMessage("test: " + code).build();
    }

    LinkPersonsResponse link(String a, String b) {
        return stub.linkPersons(LinkPersonsRequest.newBuilder().setPersonId(a).setOtherPersonId(b)
                .setReason(because("LOGIN")).setRequestingSystem("web-login").setRequestId("login-" + key())
                .setIdempotencyKey(key()).build());
    }

    UnmergePersonsResponse unmerge(String mergeId) {
        return stub.unmergePersons(UnmergePersonsRequest.newBuilder().setMergeId(mergeId)
                .setReason(because("WRONG_LOGIN")).setRequestingSystem("gateway").setIdempotencyKey(key()).build());
    }

    ForgetPersonResponse forget(String personId) {
        return stub.forgetPerson(ForgetPersonRequest.newBuilder().setPersonId(personId)
                .setReason(because("GDPR_ERASURE")).setRequestingSystem("privacy-desk").setIdempotencyKey(key())
                .build());
    }

    Identity identity(String personId) {
        return stub.getIdentity(GetIdentityRequest.newBuilder().setPersonId(personId).build()).getIdentity();
    }
}
