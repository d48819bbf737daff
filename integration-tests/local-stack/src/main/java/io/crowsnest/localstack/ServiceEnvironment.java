package io.crowsnest.localstack;

import java.util.HashMap;
import java.util.Map;

/**
 * What a service process of the local stack is started with: its ports, its own stores, every
 * peer's gRPC address, its service-to-service key and allow-list, and the local-only keys and
 * switches a cluster never sets.
 */
final class ServiceEnvironment {

    /** The local stack's key of identity's identifier hashes: for this machine's data only. */
    static final String LOCAL_IDENTITY_HASH_KEY = "local-stack-only-identity-hash-key";

    /** The local stack's key of identity's encrypted delivery addresses (id 1): for this machine's data only. */
    static final String LOCAL_IDENTITY_ADDRESS_KEYS = "1:bG9jYWwtc3RhY2stb25seS1hZGRyZXNzLWtleS0wMDA=";

    private ServiceEnvironment() {
    }

    /** A service's environment: its ports, its own stores and the gRPC address of every peer. */
    static Map<String, String> of(ServiceSpec spec, StackPorts ports, StackStores stores, LocalKeycloak keycloak,
            ServiceAuth serviceAuth, Map<String, String> extraEnv, Map<String, String> serviceEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ports.http(spec)));
        env.put("QUARKUS_GRPC_SERVER_PORT", Integer.toString(ports.grpc(spec)));
        if (!spec.grpcServer()) {
            // the gateway's /q/health and /q/metrics, apart from its public API (a service's are on its HTTP port)
            env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(ports.health(spec)));
        }
        // a local run lists and describes every RPC (buf curl); clusters leave reflection off
        env.put("CROWSNEST_GRPC_REFLECTION", "true");
        if (spec.mongoDatabase() != null) {
            env.put("CROWSNEST_MONGODB_URI", stores.mongoUri());
        }
        if (spec.ownsRedis()) {
            env.put("CROWSNEST_REDIS_URI", stores.redisUri(spec.name()));
        }
        if (spec.name().equals("identity")) {
            // fixed, so that the local (durable) identifier hashes keep matching across restarts
            env.put("CROWSNEST_IDENTITY_HASH_KEY", LOCAL_IDENTITY_HASH_KEY);
            env.put("CROWSNEST_IDENTITY_ADDRESS_KEYS", LOCAL_IDENTITY_ADDRESS_KEYS);
            // both keys are published here: identity accepts them only when told it runs locally
            env.put("CROWSNEST_IDENTITY_ALLOW_DEVELOPMENT_KEYS", "true");
        }
        for (ServiceSpec peer : ServiceSpec.ALL) {
            if (peer.grpcServer()) {
                env.put(peer.envPrefix() + "_HOST", "127.0.0.1");
                env.put(peer.envPrefix() + "_PORT", Integer.toString(ports.grpc(peer)));
            }
        }
        if (spec.name().equals("gateway")) {
            env.put("CROWSNEST_OIDC_ISSUER", keycloak.issuer());
            env.put("CROWSNEST_OIDC_CONSOLE_CLIENT_SECRET", LocalKeycloak.CONSOLE_SECRET);
        }
        env.putAll(serviceAuth.environment(spec.name()));
        env.putAll(extraEnv);
        env.putAll(serviceEnv);
        return env;
    }
}
