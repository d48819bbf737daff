package io.crowsnest.localstack;

import java.util.List;

/**
 * One Crowsnest application as the local stack runs it.
 *
 * @param name        the service name: folder under services/, artifactId, application name
 * @param slot        port slot: HTTP port = HTTP base + slot, gRPC port = gRPC base + slot
 * @param mongoDatabase the MongoDB database the service owns, or null
 * @param ownsRedis   whether the service owns a Redis server
 * @param grpcServer  whether the service serves gRPC (all but the gateway)
 */
public record ServiceSpec(String name, int slot, String mongoDatabase, boolean ownsRedis, boolean grpcServer) {

    /** The seven applications, in start order (the gateway last). */
    public static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("identity", 1, "identity", false, true),
            new ServiceSpec("profile", 2, "profile", false, true),
            new ServiceSpec("scoring", 3, "scoring", true, true),
            new ServiceSpec("decisioning", 4, "decisioning", false, true),
            new ServiceSpec("contact-governance", 5, "governance", true, true),
            new ServiceSpec("alert-notification", 6, "alerts", true, true),
            new ServiceSpec("gateway", 0, "gateway", false, false));

    /** Environment variable prefix of this service's address, e.g. CROWSNEST_CONTACT_GOVERNANCE. */
    public String envPrefix() {
        return "CROWSNEST_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
