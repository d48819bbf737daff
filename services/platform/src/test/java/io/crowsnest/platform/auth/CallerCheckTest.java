package io.crowsnest.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.identity.v1.ForgetPersonRequest;
import io.crowsnest.identity.v1.ForgetPersonResponse;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.identity.v1.LookupPersonResponse;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.time.MovableClock;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * Service-to-service authentication over real gRPC on loopback: identity's server behind
 * {@link CallerCheck}, callers signing with {@link CallerTokens}. An allowed caller gets through;
 * no token, a forged, expired or misaddressed token is UNAUTHENTICATED; a verified caller the
 * allow-list does not name for the RPC is PERMISSION_DENIED, saying who may not call what.
 */
class CallerCheckTest {

    private static final String LOOKUP = "crowsnest.identity.v1.IdentityService/LookupPerson";
    private static final String FORGET = "crowsnest.identity.v1.IdentityService/ForgetPerson";

    @TempDir
    Path dir;

    private final MovableClock serverClock = new MovableClock();
    private final MovableClock clientClock = new MovableClock();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private Path callers;
    private Server server;

    /** The configuration as a service reads it (crowsnest.service-auth.*). */
    record Config(boolean enabled, String name, Optional<Path> keyFile, Optional<Path> callersDir,
            Optional<String> allow, Duration tokenLifetime, Duration clockSkew) implements ServiceAuthConfig {
        @Override
        public Optional<Path> keysDir() {
            return Optional.empty();
        }
    }

    @BeforeEach
    void start() throws IOException {
        callers = Files.createDirectories(dir.resolve("callers"));
        for (String name : List.of("profile", "gateway", "scoring")) {
            KeyPair pair = keyPair();
            Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(callers.resolve(name + ".pem"), ServiceKeys.pem(pair.getPublic()));
        }
        // mallory has a key of its own, but identity knows no public key of it
        Files.writeString(dir.resolve("mallory.key"), pem("PRIVATE KEY", keyPair().getPrivate().getEncoded()));
        CallerCheck check = new CallerCheck(new Config(true, "identity", Optional.empty(), Optional.of(callers),
                Optional.of("profile=LookupPerson,GetIdentity;gateway=LookupPerson,ForgetPerson"),
                Duration.ofSeconds(60), Duration.ofSeconds(10)), serverClock);
        server = NettyServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(new Identity(), check))
                .addService(ServerInterceptors.intercept(new Health(), check))
                .build().start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channels.forEach(ManagedChannel::shutdownNow);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void anAllowedCallerGetsThrough() {
        assertEquals("person-1", as("profile").lookupPerson(lookup()).getPersonId());
        assertEquals("person-1", as("gateway").lookupPerson(lookup()).getPersonId());
        assertEquals(List.of("person-9"),
                as("gateway").forgetPerson(ForgetPersonRequest.getDefaultInstance()).getForgottenPersonIdsList());
    }

    @Test
    void aCallWithoutTokenIsUnauthenticated() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> IdentityServiceGrpc.newBlockingStub(channel()).lookupPerson(lookup()));
        assertRefused(e, Status.Code.UNAUTHENTICATED, "CALLER_UNAUTHENTICATED", "carries no service token");
    }

    @Test
    void aCallerNotAllowedTheRpcIsPermissionDenied() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> as("profile").forgetPerson(ForgetPersonRequest.getDefaultInstance()));
        assertRefused(e, Status.Code.PERMISSION_DENIED, "CALLER_NOT_ALLOWED", "profile may not call " + FORGET);
        // scoring's key is known, but the allow-list names scoring for nothing of identity
        e = assertThrows(StatusRuntimeException.class, () -> as("scoring").lookupPerson(lookup()));
        assertRefused(e, Status.Code.PERMISSION_DENIED, "CALLER_NOT_ALLOWED", "scoring may not call " + LOOKUP);
    }

    @Test
    void aForgedTokenIsUnauthenticated() throws IOException {
        // signed with mallory's key, but naming gateway as the caller
        String forged = ServiceTokens.sign(ServiceKeys.readPrivateKey(dir.resolve("mallory.key")), "gateway",
                "identity", clientClock.instant(), Duration.ofSeconds(60));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> withToken(forged).lookupPerson(lookup()));
        assertRefused(e, Status.Code.UNAUTHENTICATED, "CALLER_UNAUTHENTICATED",
                "does not verify with gateway's public key");
        // mallory under its own name: unknown
        String unknown = ServiceTokens.sign(ServiceKeys.readPrivateKey(dir.resolve("mallory.key")), "mallory",
                "identity", clientClock.instant(), Duration.ofSeconds(60));
        e = assertThrows(StatusRuntimeException.class, () -> withToken(unknown).lookupPerson(lookup()));
        assertRefused(e, Status.Code.UNAUTHENTICATED, "CALLER_UNAUTHENTICATED", "no public key is known for caller mallory");
        // a valid token with its claims swapped for another caller's: the signature no longer holds
        String real = ServiceTokens.sign(ServiceKeys.readPrivateKey(dir.resolve("profile.key")), "profile", "identity",
                clientClock.instant(), Duration.ofSeconds(60));
        String[] parts = real.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1])).replace("profile", "gateway");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes())
                + "." + parts[2];
        e = assertThrows(StatusRuntimeException.class,
                () -> withToken(tampered).forgetPerson(ForgetPersonRequest.getDefaultInstance()));
        assertRefused(e, Status.Code.UNAUTHENTICATED, "CALLER_UNAUTHENTICATED", "does not verify");
        e = assertThrows(StatusRuntimeException.class, () -> withToken("not-a-token").lookupPerson(lookup()));
        assertRefused(e, Status.Code.UNAUTHENTICATED, "CALLER_UNAUTHENTICATED", "not a signed JWT");
    }

    @Test
    void duringARotationTokensSignedWithTheCallersPreviousKeyAreTakenUntilThatKeyIsRemoved() throws Exception {
        // gateway's new key pair; identity is given the new public key first and the previous one after it
        KeyPair rotated = keyPair();
        String previousPem = Files.readString(callers.resolve("gateway.pem"));
        Files.writeString(callers.resolve("gateway.pem"), ServiceKeys.pem(rotated.getPublic()) + previousPem);
        CallerCheck overlap = new CallerCheck(new Config(true, "identity", Optional.empty(), Optional.of(callers),
                Optional.of("gateway=LookupPerson"), Duration.ofSeconds(60), Duration.ofSeconds(10)), serverClock);
        Server both = NettyServerBuilder.forPort(0).addService(ServerInterceptors.intercept(new Identity(), overlap))
                .build().start();
        String byNewKey = ServiceTokens.sign(rotated.getPrivate(), "gateway", "identity", clientClock.instant(),
                Duration.ofSeconds(60));
        String byPreviousKey = ServiceTokens.sign(ServiceKeys.readPrivateKey(dir.resolve("gateway.key")), "gateway",
                "identity", clientClock.instant(), Duration.ofSeconds(60));
        try {
            assertEquals("person-1", withToken(both.getPort(), byNewKey).lookupPerson(lookup()).getPersonId());
            assertEquals("person-1", withToken(both.getPort(), byPreviousKey).lookupPerson(lookup()).getPersonId(),
                    "a replica not yet restarted still signs with the previous key");
        } finally {
            both.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }

        // the rotation is over: only the new key is given
        Files.writeString(callers.resolve("gateway.pem"), ServiceKeys.pem(rotated.getPublic()));
        CallerCheck after = new CallerCheck(new Config(true, "identity", Optional.empty(), Optional.of(callers),
                Optional.of("gateway=LookupPerson"), Duration.ofSeconds(60), Duration.ofSeconds(10)), serverClock);
        Server onlyNew = NettyServerBuilder.forPort(0).addService(ServerInterceptors.intercept(new Identity(), after))
                .build().start();
        try {
            assertEquals("person-1", withToken(onlyNew.getPort(), byNewKey).lookupPerson(lookup()).getPersonId());
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> withToken(onlyNew.getPort(), byPreviousKey).lookupPerson(lookup()));
            assertRefused(e, Status.Code.UNAUTHENTICATED, "CALLER_UNAUTHENTICATED",
                    "does not verify with gateway's public key");
        } finally {
            onlyNew.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anExpiredTokenIsUnauthenticated() {
        IdentityServiceBlockingStub profile = as("profile");
        assertEquals("person-1", profile.lookupPerson(lookup()).getPersonId());
        // the caller's clock stands still (it keeps sending its cached token); identity's moves on
        serverClock.advance(Duration.ofSeconds(60 + 11));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> profile.lookupPerson(lookup()));
        assertRefused(e, Status.Code.UNAUTHENTICATED, "CALLER_UNAUTHENTICATED", "expired at");
    }

    @Test
    void aCallerRenewsItsTokenBeforeItExpires() {
        IdentityServiceBlockingStub profile = as("profile");
        for (int minute = 0; minute < 10; minute++) {
            assertEquals("person-1", profile.lookupPerson(lookup()).getPersonId());
            serverClock.advance(Duration.ofSeconds(31));
            clientClock.advance(Duration.ofSeconds(31));
        }
    }

    @Test
    void aTokenForAnotherServiceIsUnauthenticated() throws IOException {
        String forScoring = ServiceTokens.sign(ServiceKeys.readPrivateKey(dir.resolve("profile.key")), "profile",
                "scoring", clientClock.instant(), Duration.ofSeconds(60));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> withToken(forScoring).lookupPerson(lookup()));
        assertRefused(e, Status.Code.UNAUTHENTICATED, "CALLER_UNAUTHENTICATED",
                "meant for scoring, not identity");
    }

    @Test
    void aTokenClaimingALongLifeIsUnauthenticated() throws IOException {
        String longLived = ServiceTokens.sign(ServiceKeys.readPrivateKey(dir.resolve("profile.key")), "profile",
                "identity", clientClock.instant(), Duration.ofDays(1));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> withToken(longLived).lookupPerson(lookup()));
        assertRefused(e, Status.Code.UNAUTHENTICATED, "CALLER_UNAUTHENTICATED", "lifetime over 10 minutes");
    }

    @Test
    void healthChecksNeedNoToken() {
        assertEquals(HealthCheckResponse.ServingStatus.SERVING,
                HealthGrpc.newBlockingStub(channel()).check(HealthCheckRequest.getDefaultInstance()).getStatus());
    }

    @Test
    void aServiceWithAuthOnButWithoutKeyOrAllowListDoesNotStart() {
        Config noAllowList = new Config(true, "identity", Optional.empty(), Optional.of(callers), Optional.empty(),
                Duration.ofSeconds(60), Duration.ofSeconds(10));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new CallerCheck(noAllowList, serverClock));
        assertTrue(e.getMessage().contains("identity has no allow-list (CROWSNEST_SERVICE_AUTH_ALLOW"), e.getMessage());
        Config noKey = new Config(true, "profile", Optional.empty(), Optional.of(callers), Optional.of("none"),
                Duration.ofSeconds(60), Duration.ofSeconds(10));
        e = assertThrows(IllegalStateException.class, () -> new CallerTokens(noKey, clientClock));
        assertTrue(e.getMessage().contains("profile has no private key (CROWSNEST_SERVICE_AUTH_KEY_FILE"),
                e.getMessage());
        // off (service tests, dev mode): no key needed, calls go unsigned
        Config off = new Config(false, "profile", Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(60), Duration.ofSeconds(10));
        assertTrue(!new CallerTokens(off, clientClock).signs());
    }

    @Test
    void aSec1KeyAsHelmWritesItSignsTokensTheCertificateKeyVerifies() throws Exception {
        KeyPair pair = keyPair();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        // PrivateKeyInfo: SEQUENCE { INTEGER 0, AlgorithmIdentifier (21 bytes), OCTET STRING { SEC1 } }
        int at = (pkcs8[1] & 0x80) == 0 ? 2 : 2 + (pkcs8[1] & 0x7f);
        at += 3 + 21;
        int length = pkcs8[at + 1] & 0xff;
        int start = at + 2;
        if ((pkcs8[at + 1] & 0x80) != 0) {
            length = pkcs8[at + 2] & 0xff;
            start = at + 3;
        }
        byte[] sec1 = java.util.Arrays.copyOfRange(pkcs8, start, start + length);
        var key = ServiceKeys.privateKey(pem("EC PRIVATE KEY", sec1));
        String token = ServiceTokens.sign(key, "gateway", "identity", clientClock.instant(), Duration.ofSeconds(60));
        assertEquals("gateway", ServiceTokens.verify(token, Map.of("gateway", pair.getPublic()), "identity",
                clientClock.instant(), Duration.ZERO).name());
        assertNotEquals(token, ServiceTokens.sign(key, "gateway", "identity", clientClock.instant(),
                Duration.ofSeconds(60)), "ECDSA signatures are randomised");
    }

    @Test
    void theAudienceIsTheCrowsnestServiceOfTheCalledMethod() {
        assertEquals("contact-governance",
                CallerTokens.audienceOf("crowsnest.contactgovernance.v1.ContactGovernanceService"));
        assertEquals("alert-notification",
                CallerTokens.audienceOf("crowsnest.alertnotification.v1.AlertNotificationService"));
        assertEquals("identity", CallerTokens.audienceOf("crowsnest.identity.v1.IdentityService"));
    }

    private static void assertRefused(StatusRuntimeException e, Status.Code code, String reason, String says) {
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        assertEquals(reason, GrpcErrors.reason(e));
        assertTrue(e.getStatus().getDescription().contains(says), e.getStatus().getDescription());
    }

    /** A stub whose calls identity's real client interceptor signs as {@code caller}. */
    private IdentityServiceBlockingStub as(String caller) {
        CallerTokens tokens = new CallerTokens(new Config(true, caller, Optional.of(dir.resolve(caller + ".key")),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(60), Duration.ofSeconds(10)), clientClock);
        return IdentityServiceGrpc.newBlockingStub(ClientInterceptors.intercept(channel(), tokens));
    }

    private IdentityServiceBlockingStub withToken(String token) {
        return withToken(server.getPort(), token);
    }

    private IdentityServiceBlockingStub withToken(int port, String token) {
        ClientInterceptor bearer = new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                    Channel next) {
                return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<R> listener, Metadata headers) {
                        headers.put(CallerCheck.AUTHORIZATION, "Bearer " + token);
                        super.start(listener, headers);
                    }
                };
            }
        };
        return IdentityServiceGrpc.newBlockingStub(ClientInterceptors.intercept(channel(port), bearer));
    }

    private ManagedChannel channel() {
        return channel(server.getPort());
    }

    private ManagedChannel channel(int port) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        channels.add(channel);
        return channel;
    }

    private static LookupPersonRequest lookup() {
        return LookupPersonRequest.newBuilder().setIdentifier(Identifier.newBuilder().setType("email").setValue("a@b.c"))
                .build();
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    private static final class Identity extends IdentityServiceGrpc.IdentityServiceImplBase {
        @Override
        public void lookupPerson(LookupPersonRequest request, StreamObserver<LookupPersonResponse> response) {
            response.onNext(LookupPersonResponse.newBuilder().setPersonId("person-1").build());
            response.onCompleted();
        }

        @Override
        public void forgetPerson(ForgetPersonRequest request, StreamObserver<ForgetPersonResponse> response) {
            response.onNext(ForgetPersonResponse.newBuilder().addForgottenPersonIds("person-9").build());
            response.onCompleted();
        }
    }

    private static final class Health extends HealthGrpc.HealthImplBase {
        @Override
        public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
            response.onNext(HealthCheckResponse.newBuilder().setStatus(HealthCheckResponse.ServingStatus.SERVING).build());
            response.onCompleted();
        }
    }
}
