package io.crowsnest.scoring.client;

import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.platform.grpc.PeerGuard;
import io.crowsnest.platform.identity.IdentityCalls;
import io.crowsnest.scoring.config.ScoringConfig;
import io.crowsnest.scoring.domain.PersonIdentifier;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/**
 * Asks identity who a person is: the holder of an identifier (LookupPerson) and the persons merged
 * into one (GetIdentity), never creating anything. The platform's {@link IdentityCalls} gives every
 * call the configured deadline and, through the platform's PeerGuard, retries while identity
 * cannot take it and pauses calls behind a circuit breaker and maps errors (PERSON_NOT_FOUND, IDENTITY_UNAVAILABLE) the way every service does.
 */
@ApplicationScoped
public class IdentityClient {

    @GrpcClient("identity")
    Channel channel;
    @Inject
    ScoringConfig config;

    private IdentityCalls calls;

    @PostConstruct
    void init() {
        calls = new IdentityCalls(channel, "scoring", config.identityDeadline(),
                PeerGuard.Settings.attempts(config.identityAttempts()));
    }

    /**
     * The person's survivor and every id merged into it (the id asked for included), or empty when
     * identity does not know the id (never did, or forgot it); IDENTITY_UNAVAILABLE when identity
     * cannot answer.
     */
    public Optional<List<String>> family(String personId) {
        return calls.family(personId);
    }

    /** The person id; NOT_FOUND (PERSON_NOT_FOUND), INVALID_ARGUMENT on field or UNAVAILABLE otherwise. */
    public String lookup(PersonIdentifier identifier, String field) {
        return calls.lookup(Identifier.newBuilder().setType(identifier.type()).setValue(identifier.value())
                .setNamespace(identifier.namespace()).build(), field);
    }

    /** Whether a call failed because identity could not answer for now (UNAVAILABLE). */
    public static boolean unavailable(RuntimeException failure) {
        return failure instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.UNAVAILABLE;
    }
}
