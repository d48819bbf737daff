package io.crowsnest.localstack;

import java.util.ArrayList;
import java.util.List;

/**
 * The ports of one local stack. Defaults: gateway 8080 (its health and metrics on its management
 * port 9080, the gRPC slot it has no use for), services HTTP 8081-8086 and gRPC 9081-9086, Keycloak
 * 8180 (and 8181 for its management), MongoDB 27027, Redis 6391-6393. The end-to-end tests use
 * another set so that they can run beside a `make run`.
 */
public record StackPorts(int httpBase, int grpcBase, int mongo, int redisBase) {

    public static final StackPorts DEFAULT = new StackPorts(8080, 9080, 27027, 6391);

    public int http(ServiceSpec service) {
        return httpBase + service.slot();
    }

    public int grpc(ServiceSpec service) {
        return grpcBase + service.slot();
    }

    /**
     * The port serving the service's /q/health and /q/metrics: the HTTP port of a gRPC service, the
     * management port of the gateway (which serves them apart from its public API), taken from the
     * gRPC range where the gateway, serving no gRPC, has a free slot.
     */
    public int health(ServiceSpec service) {
        return service.grpcServer() ? http(service) : grpc(service);
    }

    /** The local OIDC provider's HTTP port (its management interface takes the next one). */
    public int keycloak() {
        return httpBase + 100;
    }

    /**
     * Every port a stack of all the services may bind: each service's HTTP and gRPC (or management)
     * port, Keycloak's two, MongoDB's and each Redis server's. A stack on picked ports needs them
     * free and distinct: a range that overlaps another (a picked MongoDB port among the services'
     * HTTP ports, say) fails the start.
     */
    public List<Integer> all() {
        List<Integer> ports = new ArrayList<>();
        for (ServiceSpec service : ServiceSpec.ALL) {
            ports.add(http(service));
            ports.add(grpc(service));
            if (service.ownsRedis()) {
                ports.add(redis(service));
            }
        }
        ports.add(keycloak());
        ports.add(keycloak() + 1);
        ports.add(mongo);
        return ports;
    }

    /** Each Redis-owning service gets its own server, in the order of ServiceSpec.ALL. */
    public int redis(ServiceSpec service) {
        List<ServiceSpec> owners = ServiceSpec.ALL.stream().filter(ServiceSpec::ownsRedis).toList();
        return redisBase + owners.indexOf(service);
    }
}
