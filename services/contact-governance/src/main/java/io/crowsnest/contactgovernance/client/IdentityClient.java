package io.crowsnest.contactgovernance.client;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.config.GovernanceConfig;
import io.crowsnest.platform.grpc.PeerGuard;
import io.crowsnest.platform.identity.IdentityCalls;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/**
 * Resolves an identifier to a person through identity, never creating one. The platform's
 * {@link IdentityCalls} gives the call the configured deadline, retries while identity cannot take
 * it, pauses calls behind a circuit breaker and answers the way every service does:
 * PERSON_NOT_FOUND, INVALID_ARGUMENT on the field, IDENTITY_UNAVAILABLE.
 */
@ApplicationScoped
public class IdentityClient {

    @GrpcClient("identity")
    Channel channel;
    @Inject
    GovernanceConfig config;

    private IdentityCalls calls;

    @PostConstruct
    void init() {
        calls = new IdentityCalls(channel, "contact-governance", config.identityDeadline(),
                PeerGuard.Settings.attempts(config.identityAttempts()));
    }

    /** The person id holding the identifier; NOT_FOUND, INVALID_ARGUMENT or UNAVAILABLE otherwise. */
    public String lookup(PersonReference.Identifier identifier, String field) {
        return calls.lookup(Identifier.newBuilder().setType(identifier.type()).setValue(identifier.value())
                .setNamespace(identifier.namespace()).build(), field);
    }
}
