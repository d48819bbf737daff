package io.crowsnest.decisioning.client;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.platform.grpc.PeerGuard;
import io.crowsnest.platform.identity.IdentityCalls;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/**
 * Calls to identity through platform's {@link IdentityCalls}: the configured deadline, retries while
 * identity cannot take a call, a circuit breaker, IDENTITY_UNAVAILABLE when it stays away.
 */
@ApplicationScoped
public class IdentityClient {

    @GrpcClient("identity")
    Channel channel;
    @Inject
    DecisioningConfig config;

    private IdentityCalls identity;

    @PostConstruct
    void connect() {
        identity = new IdentityCalls(channel, "decisioning", config.deadlines().identity(),
                PeerGuard.Settings.attempts(config.deadlines().identityAttempts()));
    }

    /** Whether identity knows the person id (an id it never issued, or forgot, is not known). */
    public boolean knows(String personId) {
        return identity.knows(personId);
    }
}
