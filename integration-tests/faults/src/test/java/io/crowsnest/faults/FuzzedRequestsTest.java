package io.crowsnest.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.crowsnest.alertnotification.v1.AlertNotificationServiceGrpc;
import io.crowsnest.contactgovernance.v1.ContactGovernanceServiceGrpc;
import io.crowsnest.decisioning.v1.DecisioningServiceGrpc;
import io.crowsnest.identity.v1.IdentityServiceGrpc;
import io.crowsnest.localstack.LocalStack;
import io.crowsnest.localstack.ServiceAuth;
import io.crowsnest.localstack.testing.FreePort;
import io.crowsnest.localstack.testing.GrpcProbe;
import io.crowsnest.profile.v1.ProfileServiceGrpc;
import io.crowsnest.scoring.v1.ScoringServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.grpc.stub.ClientCalls;
import redis.clients.jedis.Jedis;

/**
 * At least 10,000 generated malformed requests against every RPC of the six services — hostile field
 * values, truncated messages, garbage bytes and one oversized message per service — sent to the real
 * services on their real stores. Every one is answered with a clean status (a refusal or a success),
 * never INTERNAL, UNKNOWN, DATA_LOSS or UNIMPLEMENTED and never a hung call; and a refused request
 * changes nothing in any MongoDB collection or Redis keyspace. The seed and counts are printed; rerun
 * one seed with {@code -Dcrowsnest.fuzz.seed=N}.
 */
class FuzzedRequestsTest {

    private static final long SEED = Long.getLong("crowsnest.fuzz.seed", 20261206L);
    private static final int PER_METHOD = Integer.getInteger("crowsnest.fuzz.per-method", 104);
    /** Fuzz only these services ({@code -Dcrowsnest.fuzz.services=identity,profile}); all when empty. */
    private static final Set<String> ONLY = Set.of(System.getProperty("crowsnest.fuzz.services", "").split(","))
            .stream().filter(s -> !s.isBlank()).collect(java.util.stream.Collectors.toSet());
    private static final int OVERSIZED_BYTES = 20 * 1024 * 1024;
    /**
     * Answers a fuzzed request must never get. The requests are signed as the stack's operator,
     * allowed every RPC, so UNAUTHENTICATED or PERMISSION_DENIED would mean service auth stopped them
     * before the RPC's code they are meant to test.
     */
    private static final Set<Status.Code> NEVER = Set.of(Status.Code.INTERNAL, Status.Code.UNKNOWN,
            Status.Code.DATA_LOSS, Status.Code.UNIMPLEMENTED, Status.Code.UNAUTHENTICATED,
            Status.Code.PERMISSION_DENIED);

    private static final Map<String, ServiceDescriptor> CONTRACTS = new LinkedHashMap<>();

    static {
        CONTRACTS.put("identity", contract(IdentityServiceGrpc.getServiceDescriptor()));
        CONTRACTS.put("profile", contract(ProfileServiceGrpc.getServiceDescriptor()));
        CONTRACTS.put("scoring", contract(ScoringServiceGrpc.getServiceDescriptor()));
        CONTRACTS.put("decisioning", contract(DecisioningServiceGrpc.getServiceDescriptor()));
        CONTRACTS.put("contact-governance", contract(ContactGovernanceServiceGrpc.getServiceDescriptor()));
        CONTRACTS.put("alert-notification", contract(AlertNotificationServiceGrpc.getServiceDescriptor()));
    }

    private static LocalStack stack;
    private static MongoClient mongo;
    private static final Map<String, Jedis> REDIS = new LinkedHashMap<>();
    private static StoreDigest stores;

    private static ServiceDescriptor contract(io.grpc.ServiceDescriptor grpc) {
        return ((ProtoServiceDescriptorSupplier) grpc.getSchemaDescriptor()).getServiceDescriptor();
    }

    @BeforeAll
    static void start() throws IOException {
        Path home = Path.of(System.getProperty("crowsnest.home", "../..")).toAbsolutePath().normalize();
        stack = FreePort.startStack(ports -> LocalStack.Options.defaults(home).withPorts(ports)
                .withStateDir(Path.of("target/fuzz").toAbsolutePath(), false)
                // as deployed: no server reflection
                .withExtraEnv(Map.of("CROWSNEST_GRPC_REFLECTION", "false"))
                .withOnly(CONTRACTS.keySet()), "the six services");
        mongo = MongoClients.create(stack.mongoUri());
        for (String owner : List.of("scoring", "contact-governance", "alert-notification")) {
            REDIS.put(owner, new Jedis(java.net.URI.create(stack.redisUri(owner))));
        }
        stores = new StoreDigest(mongo, REDIS, Set.of());
    }

    @AfterAll
    static void stop() {
        REDIS.values().forEach(Jedis::close);
        if (mongo != null) {
            mongo.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void malformedRequestsAreRefusedCleanlyAndChangeNothing() {
        MessageFuzzer fuzzer = new MessageFuzzer(SEED);
        Map<String, Map<Status.Code, Integer>> answers = new TreeMap<>();
        Map<MessageFuzzer.Kind, Integer> kinds = new EnumMap<>(MessageFuzzer.Kind.class);
        List<String> unclean = new ArrayList<>();
        List<String> changedByRefusal = new ArrayList<>();
        List<String> notReproduced = new ArrayList<>();
        int sent = 0;
        stores.calibrate();
        Map<String, Long> stored = stores.snapshot();
        for (Map.Entry<String, ServiceDescriptor> service : CONTRACTS.entrySet()) {
            if (!ONLY.isEmpty() && !ONLY.contains(service.getKey())) {
                continue;
            }
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", stack.grpcPort(service.getKey()))
                    .usePlaintext().intercept(stack.serviceAuth().as(ServiceAuth.OPERATOR))
                    .maxInboundMessageSize(64 * 1024 * 1024).build();
            try {
                Map<Status.Code, Integer> counts = answers.computeIfAbsent(service.getKey(), k -> new EnumMap<>(Status.Code.class));
                List<MethodDescriptor> methods = service.getValue().getMethods();
                for (MethodDescriptor method : methods) {
                    for (int i = 0; i < PER_METHOD; i++) {
                        MessageFuzzer.Generated request = fuzzer.next(method.getInputType());
                        kinds.merge(request.kind(), 1, Integer::sum);
                        Status.Code code = call(channel, method, request.bytes());
                        sent++;
                        counts.merge(code, 1, Integer::sum);
                        String what = service.getKey() + " " + method.getName() + " " + request.kind() + " #" + i;
                        if (NEVER.contains(code)) {
                            unclean.add(what + " answered " + code);
                        }
                        stored = stores.check(stored, code != Status.Code.OK, what + " (" + code + ")",
                                () -> call(channel, method, request.bytes()) != Status.Code.OK, changedByRefusal,
                                notReproduced);
                    }
                }
                Status.Code oversized = call(channel, methods.get(0),
                        MessageFuzzer.oversized(methods.get(0).getInputType(), OVERSIZED_BYTES));
                sent++;
                counts.merge(oversized, 1, Integer::sum);
                if (oversized != Status.Code.RESOURCE_EXHAUSTED) {
                    unclean.add(service.getKey() + " " + methods.get(0).getName() + " oversized (20 MiB) answered " + oversized);
                }
            } finally {
                channel.shutdownNow();
            }
        }
        System.out.printf("fuzz seed %d: %d requests (%s, plus one 20 MiB message per service)%n", SEED, sent, kinds);
        answers.forEach((service, counts) -> System.out.printf("  %-20s %s%n", service, counts));
        System.out.printf("  unclean answers: %d, refused requests that changed stored data: %d%n", unclean.size(),
                changedByRefusal.size());
        unclean.stream().limit(20).forEach(u -> System.out.println("  unclean: " + u));
        changedByRefusal.stream().limit(20).forEach(c -> System.out.println("  changed: " + c));
        notReproduced.forEach(c -> System.out.println("  background: " + c));
        if (ONLY.isEmpty()) {
            assertTrue(sent >= 10_000, "at least 10,000 requests, sent " + sent);
        }
        assertEquals(List.of(), unclean.subList(0, Math.min(30, unclean.size())), unclean.size() + " unclean answers");
        assertEquals(List.of(), changedByRefusal, "refused requests must change nothing");
    }

    @Test
    void serverReflectionIsOffUnlessALocalRunTurnsItOn() throws Exception {
        for (String service : CONTRACTS.keySet()) {
            try (GrpcProbe probe = new GrpcProbe("127.0.0.1", stack.grpcPort(service))) {
                Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, probe::reflectedServices,
                        service + " must not list its RPCs to anyone who asks");
                Status status = Status.fromThrowable(e);
                assertEquals(Status.Code.UNIMPLEMENTED, status.getCode(), service + ": " + status);
            }
        }
    }

    /** One raw call; the status it ended with (server streams: after up to three messages, or our 2 s deadline). */
    private static Status.Code call(ManagedChannel channel, MethodDescriptor method, byte[] request) {
        io.grpc.MethodDescriptor<byte[], byte[]> raw = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(method.isServerStreaming() ? io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING
                        : io.grpc.MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(method.getService().getFullName(),
                        method.getName()))
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        try {
            if (!method.isServerStreaming()) {
                ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT.withDeadlineAfter(15, TimeUnit.SECONDS),
                        request);
                return Status.Code.OK;
            }
            Context.CancellableContext context = Context.current().withCancellation();
            Context previous = context.attach();
            try {
                Iterator<byte[]> messages = ClientCalls.blockingServerStreamingCall(channel, raw,
                        CallOptions.DEFAULT.withDeadlineAfter(2, TimeUnit.SECONDS), request);
                for (int i = 0; i < 3 && messages.hasNext(); i++) {
                    messages.next();
                }
                return Status.Code.OK;
            } finally {
                context.detach(previous);
                context.cancel(null);
            }
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            // a stream our own short deadline ended was open and healthy
            return method.isServerStreaming() && code == Status.Code.DEADLINE_EXCEEDED ? Status.Code.OK : code;
        }
    }

    private static final io.grpc.MethodDescriptor.Marshaller<byte[]> BYTES = new io.grpc.MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    };
}
