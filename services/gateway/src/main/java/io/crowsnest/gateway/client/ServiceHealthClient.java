package io.crowsnest.gateway.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.gateway.config.GatewaySettings;
import io.crowsnest.gateway.domain.ComponentStatus;
import io.crowsnest.gateway.domain.ServiceHealth;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.quarkus.grpc.GrpcClient;

/**
 * Asks each service over gRPC ({@code grpc.health.v1.Health/Check}) whether it and each of its
 * stores is ready. Store state comes from the owning service: the gateway never touches a store.
 */
@ApplicationScoped
public class ServiceHealthClient {

    private static final List<String> STORE_COMPONENTS = List.of("mongodb", "redis");

    private final Map<String, Channel> services = new LinkedHashMap<>();
    private final GatewaySettings settings;

    @Inject
    public ServiceHealthClient(GatewaySettings settings,
            @GrpcClient("identity") Channel identity,
            @GrpcClient("profile") Channel profile,
            @GrpcClient("scoring") Channel scoring,
            @GrpcClient("decisioning") Channel decisioning,
            @GrpcClient("contact-governance") Channel contactGovernance,
            @GrpcClient("alert-notification") Channel alertNotification) {
        this.settings = settings;
        services.put("identity", identity);
        services.put("profile", profile);
        services.put("scoring", scoring);
        services.put("decisioning", decisioning);
        services.put("contact-governance", contactGovernance);
        services.put("alert-notification", alertNotification);
    }

    /** Names of the services, in display order. */
    public List<String> serviceNames() {
        return List.copyOf(services.keySet());
    }

    /** Checks one service and its stores. Blocking, bounded by the status deadline per call. */
    public ServiceHealth check(String name) {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(services.get(name));
        long started = System.nanoTime();
        try {
            ServingStatus overall = ask(health, "");
            long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            List<ServiceHealth.StoreHealth> stores = new ArrayList<>();
            for (String store : STORE_COMPONENTS) {
                ServingStatus status = ask(health, store);
                if (status != ServingStatus.SERVICE_UNKNOWN) {
                    stores.add(new ServiceHealth.StoreHealth(store, up(status)));
                }
            }
            String detail = overall == ServingStatus.SERVING ? "" : "service reports " + overall;
            return new ServiceHealth(name, up(overall), detail, latencyMillis, stores);
        } catch (StatusRuntimeException e) {
            long latencyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            Status status = e.getStatus();
            String detail = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
            return new ServiceHealth(name, ComponentStatus.DOWN, detail, latencyMillis, List.of());
        }
    }

    private ServingStatus ask(HealthGrpc.HealthBlockingStub health, String component) {
        try {
            return health.withDeadlineAfter(settings.statusDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(component).build())
                    .getStatus();
        } catch (StatusRuntimeException e) {
            if (!component.isEmpty() && e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return ServingStatus.SERVICE_UNKNOWN;
            }
            throw e;
        }
    }

    private static ComponentStatus up(ServingStatus status) {
        return status == ServingStatus.SERVING ? ComponentStatus.UP : ComponentStatus.DOWN;
    }
}
