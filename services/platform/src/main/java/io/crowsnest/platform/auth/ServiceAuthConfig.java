package io.crowsnest.platform.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Service-to-service authentication: this service's key, its callers' keys and its allow-list. */
@ConfigMapping(prefix = "crowsnest.service-auth")
public interface ServiceAuthConfig {

    /**
     * Whether incoming gRPC calls must carry a verified caller allowed for the RPC
     * (CROWSNEST_SERVICE_AUTH_ENABLED). On everywhere except service tests (%test) and dev mode;
     * when on, the service refuses to start without its key and allow-list.
     */
    @WithDefault("true")
    boolean enabled();

    /** This service's name: the issuer of its tokens and the audience its callers name. */
    @WithDefault("${quarkus.application.name}")
    String name();

    /**
     * PEM file of this service's private key (EC P-256, "PRIVATE KEY" or "EC PRIVATE KEY"), which
     * signs its outgoing calls (CROWSNEST_SERVICE_AUTH_KEY_FILE). Without it calls go unsigned,
     * which only a service with auth off accepts.
     */
    Optional<Path> keyFile();

    /**
     * A directory of private keys by service name ({@code <name>.key}), where the key file is not
     * given: how a local stack started inside a test's JVM hands the service under test its key.
     */
    Optional<Path> keysDir();

    /** This service's private key file: {@link #keyFile()}, else {@code <name>.key} in {@link #keysDir()}. */
    default Optional<Path> privateKeyFile() {
        return keyFile().or(() -> keysDir().map(dir -> dir.resolve(name() + ".key")));
    }

    /**
     * Directory of the callers' public keys, one PEM file per caller named {@code <caller>.pem}
     * holding a certificate or a "PUBLIC KEY" (CROWSNEST_SERVICE_AUTH_CALLERS_DIR).
     */
    Optional<Path> callersDir();

    /**
     * Who may call which RPC of this service (CROWSNEST_SERVICE_AUTH_ALLOW), rendered from the
     * chart's services.&lt;caller&gt;.calls: {@code caller=Rpc,Rpc;caller=Rpc}. "none": no one.
     */
    Optional<String> allow();

    /** Lifetime of the tokens this service signs; renewed when half of it has passed. */
    @WithDefault("60S")
    Duration tokenLifetime();

    /** Clock difference tolerated between caller and callee when checking a token's times. */
    @WithDefault("10S")
    Duration clockSkew();
}
