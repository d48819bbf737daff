package io.crowsnest.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;
import com.google.rpc.ErrorInfo;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Identifier;
import io.crowsnest.common.v1.PageRequest;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.ServiceSpec;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.SignedChannels;
import io.crowsnest.profile.v1.EventType;
import io.crowsnest.profile.v1.ListEventsRequest;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.profile.v1.ProfileServiceGrpc.ProfileServiceBlockingStub;
import io.crowsnest.profile.v1.RecordEventRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Identity hangs — its connections stay open and nothing comes back — while collectors keep sending
 * events to profile. Profile's deadline on identity fires: every call is answered UNAVAILABLE
 * (IDENTITY_UNAVAILABLE) by profile itself well before the caller's own deadline, none hangs, and
 * reads that do not need identity keep being served (no worker pool exhausted). When identity
 * answers again, events flow again.
 */
class HungIdentityTest {

    private static final int CONCURRENT_EVENTS = 40;
    private static final Duration CALLER_DEADLINE = Duration.ofSeconds(30);

    private static LocalStack stack;
    private static StallingProxy proxy;
    private static ManagedChannel profileChannel;

    @BeforeAll
    static void start() throws IOException {
        Path home = Path.of(System.getProperty("crowsnest.home", "../..")).toAbsolutePath().normalize();
        int[] identityPort = new int[1];
        proxy = new StallingProxy(FreePort.pick(), () -> identityPort[0]);
        ServiceSpec identity = ServiceSpec.ALL.stream().filter(s -> s.name().equals("identity")).findFirst().orElseThrow();
        // every service reaches identity through the proxy
        stack = FreePort.startStack(ports -> {
            identityPort[0] = ports.grpc(identity);
            return LocalStack.Options.defaults(home).withPorts(ports)
                    .withStateDir(Path.of("target/hung-identity").toAbsolutePath(), false)
                    .withExtraEnv(Map.of("CROWSNEST_IDENTITY_PORT", Integer.toString(proxy.port())))
                    .withOnly(Set.of("identity", "profile", "scoring"));
        }, "identity, profile and scoring");
        profileChannel = SignedChannels.to(stack.grpcPort("profile"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (profileChannel != null) {
            profileChannel.shutdownNow();
        }
        if (stack != null) {
            stack.close();
        }
        proxy.close();
    }

    @Test
    void aHungIdentityIsAnsweredUnavailableInTimeAndEventsFlowWhenItIsBack() throws Exception {
        ProfileServiceBlockingStub profile = ProfileServiceGrpc.newBlockingStub(profileChannel);
        String person = profile.withDeadlineAfter(30, TimeUnit.SECONDS).recordEvent(event("hung-ck-0")).getPersonId();

        proxy.stall();
        ExecutorService callers = Executors.newFixedThreadPool(CONCURRENT_EVENTS);
        List<Future<StatusRuntimeException>> answers = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_EVENTS; i++) {
            RecordEventRequest event = event("hung-ck-" + (i + 1));
            answers.add(callers.submit(() -> {
                try {
                    profile.withDeadlineAfter(CALLER_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).recordEvent(event);
                    return null;
                } catch (StatusRuntimeException e) {
                    return e;
                }
            }));
        }
        // while those wait on identity, a read that needs no identity is served
        assertEquals(1, profile.withDeadlineAfter(10, TimeUnit.SECONDS).listEvents(ListEventsRequest.newBuilder()
                .setPerson(PersonRef.newBuilder().setPersonId(person)).setPage(PageRequest.newBuilder().setPageSize(10))
                .build()).getEventsCount());
        int unavailable = 0;
        for (Future<StatusRuntimeException> answer : answers) {
            StatusRuntimeException e = answer.get(CALLER_DEADLINE.toSeconds() + 10, TimeUnit.SECONDS);
            assertTrue(e != null, "an event was recorded although identity hung");
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(),
                    "profile must answer for itself before the caller's deadline: " + e.getStatus());
            assertEquals("IDENTITY_UNAVAILABLE", reason(e));
            unavailable++;
        }
        callers.shutdown();
        System.out.printf("faults: %d events answered IDENTITY_UNAVAILABLE while identity hung%n", unavailable);

        proxy.pass();
        // identity answers again; profile's breaker may pause calls a few seconds: retry like a collector
        RecordEventRequest after = event("hung-ck-0");
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
        String recorded = null;
        while (recorded == null) {
            try {
                recorded = profile.withDeadlineAfter(10, TimeUnit.SECONDS).recordEvent(after).getPersonId();
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
                assertTrue(Instant.now().isBefore(giveUp), "events did not flow again after identity came back");
                Thread.sleep(200); // bounded retry pause, as a collector would
            }
        }
        assertEquals(person, recorded);
    }

    private static RecordEventRequest event(String cookie) {
        Instant now = Instant.now();
        return RecordEventRequest.newBuilder().setEventId("hung:" + UUID.randomUUID())
                .addIdentifiers(Identifier.newBuilder().setType("cookie").setValue(cookie))
                .setType(EventType.EVENT_TYPE_PAGE_VIEW).setChannel(Channel.CHANNEL_WEB)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setSource("fault-suite").build();
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
