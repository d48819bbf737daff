package io.crowsnest.platform.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.rpc.ErrorInfo;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.GetIdentityResponse;
import io.crowsnest.identity.v1.Identity;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.identity.v1.LookupPersonResponse;
import io.crowsnest.platform.grpc.PeerGuard;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;

/**
 * IdentityCalls against a gRPC server on loopback that answers as identity would, or fails the way
 * a restarting, slow or broken identity fails: the transport is real, so deadlines, retries and the
 * breaker are exercised as in production.
 */
class IdentityCallsTest {

    /** What the server does with the next call: answer, or fail with a status, or never answer. */
    private final ConcurrentLinkedQueue<Status> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean hang;
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        server = NettyServerBuilder.forPort(0).addService(new IdentityServiceGrpc.IdentityServiceImplBase() {
            @Override
            public void lookupPerson(LookupPersonRequest request, StreamObserver<LookupPersonResponse> out) {
                calls.incrementAndGet();
                if (hang) {
                    return;
                }
                Status failure = failures.poll();
                if (failure != null) {
                    out.onError(failure.asRuntimeException());
                } else if (request.getIdentifier().getValue().equals("nobody@example.com")) {
                    out.onError(Status.NOT_FOUND.withDescription("no person").asRuntimeException());
                } else {
                    out.onNext(LookupPersonResponse.newBuilder().setPersonId("p-42").build());
                    out.onCompleted();
                }
            }

            @Override
            public void getIdentity(GetIdentityRequest request, StreamObserver<GetIdentityResponse> out) {
                calls.incrementAndGet();
                if (request.getPersonId().equals("p-gone")) {
                    out.onError(Status.NOT_FOUND.withDescription("forgotten").asRuntimeException());
                    return;
                }
                out.onNext(GetIdentityResponse.newBuilder().setIdentity(Identity.newBuilder().setPersonId("p-42")
                        .addMergedPersonIds("p-7")).build());
                out.onCompleted();
            }
        }).build().start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private IdentityCalls calls(int attempts) {
        return new IdentityCalls(channel, "test-caller", Duration.ofMillis(500),
                new PeerGuard.Settings(attempts, Duration.ofMillis(5), 4, 0.5, Duration.ofSeconds(60)));
    }

    private static Identifier email(String value) {
        return Identifier.newBuilder().setType("email").setValue(value).build();
    }

    @Test
    void anIdentityThatIsRestartingIsRetriedUntilItAnswers() {
        failures.add(Status.UNAVAILABLE);
        failures.add(Status.UNAVAILABLE);
        assertEquals("p-42", calls(3).lookup(email("ann@example.com"), "person.identifier"));
        assertEquals(3, calls.get());
    }

    @Test
    void identitysOwnAnswersAreNotRetried() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> calls(3).lookup(email("nobody@example.com"), "person.identifier"));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("PERSON_NOT_FOUND", reason(e));
        assertEquals(1, calls.get());
    }

    @Test
    void anIdentityStillAwayAfterEveryAttemptIsIdentityUnavailable() {
        for (int i = 0; i < 3; i++) {
            failures.add(Status.UNAVAILABLE);
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> calls(3).lookup(email("ann@example.com"), "person.identifier"));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals("IDENTITY_UNAVAILABLE", reason(e));
        assertEquals(3, calls.get());
    }

    @Test
    void aHungIdentityMeetsTheDeadline() {
        hang = true;
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> calls(1).lookup(email("ann@example.com"), "person.identifier"));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("DEADLINE_EXCEEDED"), e.getStatus().getDescription());
    }

    @Test
    void aFailingIdentityIsGivenARestByTheBreaker() {
        IdentityCalls identity = calls(1);
        for (int i = 0; i < 4; i++) {
            failures.add(Status.INTERNAL);
            assertThrows(StatusRuntimeException.class, () -> identity.lookup(email("ann@example.com"), "f"));
        }
        int before = calls.get();
        StatusRuntimeException paused = assertThrows(StatusRuntimeException.class,
                () -> identity.lookup(email("ann@example.com"), "f"));
        assertEquals("IDENTITY_UNAVAILABLE", reason(paused));
        assertTrue(paused.getStatus().getDescription().contains("pause"), paused.getStatus().getDescription());
        assertEquals(before, calls.get(), "the open breaker must not call identity");
    }

    @Test
    void aForgottenPersonIsNotKnownAndAMergedOneHasAFamily() {
        IdentityCalls identity = calls(2);
        assertFalse(identity.knows("p-gone"));
        assertEquals(Optional.empty(), identity.family("p-gone"));
        assertEquals(Optional.of(List.of("p-42", "p-7")), identity.family("p-7"));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> identity.currentId("p-gone"));
        assertEquals("PERSON_NOT_FOUND", reason(e));
    }

    private static String reason(StatusRuntimeException e) {
        try {
            for (var any : StatusProto.fromThrowable(e).getDetailsList()) {
                if (any.is(ErrorInfo.class)) {
                    return any.unpack(ErrorInfo.class).getReason();
                }
            }
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
        return "";
    }
}
