package io.crowsnest.platform.health;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.grpc.GrpcService;

/**
 * The standard {@code grpc.health.v1.Health} service, answered from the service's readiness checks
 * so that gRPC callers (the gateway's status page, Kubernetes gRPC probes, load balancers) see the
 * same truth as {@code /q/health/ready}.
 *
 * <p>Service names understood by Check and Watch:
 * <ul>
 * <li>{@code ""} (empty) and any fully qualified gRPC service name of this server: overall
 * readiness;</li>
 * <li>a component name ({@code mongodb}, {@code redis}, {@code grpc-server}): that component
 * alone.</li>
 * </ul>
 * Anything else is NOT_FOUND, as the gRPC health protocol specifies.
 */
@GrpcService
@IfBuildProperty(name = "crowsnest.grpc.health.enabled", stringValue = "true", enableIfMissing = true)
public class HealthService extends HealthGrpc.HealthImplBase {

    private static final long WATCH_INTERVAL_MILLIS = 1000;

    // Readiness checks block (they ping the stores), and gRPC calls arrive on the event loop; the
    // @Blocking annotation is not honoured for services packaged in a library, so checks run here.
    private final ScheduledExecutorService checker = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "grpc-health");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    StoreReadiness readiness;

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
        checker.execute(() -> {
            ServingStatus status;
            try {
                status = statusOf(request.getService());
            } catch (RuntimeException e) {
                response.onError(Status.INTERNAL.withDescription("readiness checks failed: " + e.getMessage())
                        .asRuntimeException());
                return;
            }
            if (status == null) {
                response.onError(Status.NOT_FOUND
                        .withDescription("unknown health service name '" + request.getService() + "'")
                        .asRuntimeException());
                return;
            }
            response.onNext(HealthCheckResponse.newBuilder().setStatus(status).build());
            response.onCompleted();
        });
    }

    @Override
    public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
        ServerCallStreamObserver<HealthCheckResponse> call = (ServerCallStreamObserver<HealthCheckResponse>) response;
        AtomicReference<ServingStatus> last = new AtomicReference<>();
        ScheduledFuture<?> task = checker.scheduleWithFixedDelay(() -> {
            ServingStatus status = statusOf(request.getService());
            if (status == null) {
                status = ServingStatus.SERVICE_UNKNOWN;
            }
            if (status != last.getAndSet(status) && !call.isCancelled()) {
                synchronized (call) {
                    call.onNext(HealthCheckResponse.newBuilder().setStatus(status).build());
                }
            }
        }, 0, WATCH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        call.setOnCancelHandler(() -> task.cancel(false));
    }

    private ServingStatus statusOf(String service) {
        StoreReadiness.Snapshot snapshot = readiness.evaluate();
        if (service.isEmpty() || service.contains(".")) {
            return snapshot.ready() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        }
        Boolean up = snapshot.components().get(service);
        if (up == null) {
            return null;
        }
        return up ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    }

    @PreDestroy
    void stop() {
        checker.shutdownNow();
    }
}
