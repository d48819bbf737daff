package io.crowsnest.localstack.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

/**
 * Talks to a running service the way an outside gRPC client would: the standard health service,
 * server reflection (what {@code buf curl} uses) and raw calls to every method of a contract.
 */
public final class GrpcProbe implements AutoCloseable {

    private final ManagedChannel channel;

    public GrpcProbe(String host, int port) {
        this.channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().build();
    }

    public Channel channel() {
        return channel;
    }

    /** grpc.health.v1.Health/Check; a NOT_FOUND answer is returned as SERVICE_UNKNOWN. */
    public ServingStatus health(String service) {
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return ServingStatus.SERVICE_UNKNOWN;
            }
            throw e;
        }
    }

    /** Fully qualified names of the services listed by grpc.reflection.v1 ListServices. */
    public List<String> reflectedServices() throws Exception {
        CompletableFuture<List<String>> names = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        names.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        names.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        names.complete(List.of());
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        return names.get(10, TimeUnit.SECONDS);
    }

    /**
     * Calls every method of a contract once with an empty request and returns the status code each
     * answered with (OK when a unary call succeeded or a stream ended cleanly).
     */
    public Map<String, Status.Code> callEveryMethod(ServiceDescriptor contract) {
        Map<String, Status.Code> codes = new LinkedHashMap<>();
        for (MethodDescriptor<?, ?> method : contract.getMethods()) {
            codes.put(method.getBareMethodName(), call(method));
        }
        return codes;
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private Status.Code call(MethodDescriptor method) {
        Object request = ((MethodDescriptor.PrototypeMarshaller) method.getRequestMarshaller()).getMessagePrototype();
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS);
        try {
            switch (method.getType()) {
                case UNARY -> ClientCalls.blockingUnaryCall(channel, method, options, request);
                case SERVER_STREAMING -> ClientCalls.blockingServerStreamingCall(channel, method, options, request)
                        .forEachRemaining(x -> { });
                default -> {
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    StreamObserver<Object> requests = ClientCalls.asyncBidiStreamingCall(
                            channel.newCall(method, options), new StreamObserver<Object>() {
                                @Override
                                public void onNext(Object value) {
                                }

                                @Override
                                public void onError(Throwable t) {
                                    done.completeExceptionally(t);
                                }

                                @Override
                                public void onCompleted() {
                                    done.complete(null);
                                }
                            });
                    requests.onNext(request);
                    requests.onCompleted();
                    done.join();
                }
            }
            return Status.Code.OK;
        } catch (RuntimeException e) {
            return Status.fromThrowable(e).getCode();
        }
    }

    /** Lists the methods that did not answer with the given code. */
    public static List<String> methodsNotAnswering(Map<String, Status.Code> codes, Status.Code expected) {
        List<String> others = new ArrayList<>();
        codes.forEach((method, code) -> {
            if (code != expected) {
                others.add(method + "=" + code);
            }
        });
        return others;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
