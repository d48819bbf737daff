package io.crowsnest.profile.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Identifier;
import io.crowsnest.identity.v1.GetIdentityRequest;
import io.crowsnest.identity.v1.IdentityServiceGrpc.IdentityServiceBlockingStub;
import io.crowsnest.identity.v1.LinkEvidence;
import io.crowsnest.identity.v1.LinkedIdentifier;
import io.crowsnest.identity.v1.LookupPersonRequest;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.identity.v1.ResolvePersonResult;
import io.crowsnest.identity.v1.ResolvePersonsRequest;
import io.crowsnest.identity.v1.ResolvePersonsResponse;
import io.crowsnest.identity.v1.ResolvedIdentifier;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.ItemErrors;
import io.crowsnest.platform.grpc.PeerGuard;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.identity.IdentityCalls;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.MaskedIdentifier;
import io.crowsnest.profile.domain.PersonRef;
import io.crowsnest.profile.domain.ProfileErrors.EventIdReused;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/**
 * Calls to identity through platform's IdentityCalls: each with the configured deadline, retried while
 * identity cannot take it and behind a circuit breaker (every call
 * here is idempotent: reads, or ResolvePerson under its idempotency key). Errors come out as profile's
 * contract names them: field paths of the caller's request, PERSON_NOT_FOUND, IDENTITY_UNAVAILABLE.
 */
@ApplicationScoped
public class IdentityClient {

    /** A ResolvePersons call is kept under identity's default 4 MiB inbound limit. */
    private static final long MAX_BATCH_BYTES = 3L * 1024 * 1024;
    private static final Set<String> OUTAGES = Set.of("IDENTITY_UNAVAILABLE", "MONGODB_UNAVAILABLE");

    @GrpcClient("identity")
    Channel channel;
    @Inject
    ProfileConfig config;

    private IdentityCalls calls;

    @PostConstruct
    void init() {
        calls = new IdentityCalls(channel, "profile", config.identityDeadline(),
                PeerGuard.Settings.attempts(config.identityAttempts()));
    }

    /**
     * Identifiers seen together on an event, to resolve to one person under the event's id (its
     * request id and idempotency key: a retried event resolves to what it resolved to first);
     * authenticated when the caller verified them.
     */
    public record ResolveAsk(String eventId, List<PersonRef.Identifier> identifiers, boolean authenticated,
            Instant observedAt) {
    }

    /** The person the identifiers resolved to, whether identity created or merged persons, the identifiers masked. */
    public record Resolved(String personId, boolean created, boolean merged, List<MaskedIdentifier> identifiers) {
    }

    /**
     * Resolves the identifiers of an event. Identity's bad-field paths are those of the request it got;
     * {@code path} turns them into the caller's. Identity's ALREADY_EXISTS (the event id, its
     * idempotency key, used before with other identifiers) is EVENT_ID_REUSED.
     */
    public Resolved resolve(ResolveAsk ask, UnaryOperator<String> path) {
        ResolvePersonRequest request = request(ask);
        try {
            return resolved(call(stub -> stub.resolvePerson(request), path));
        } catch (StatusRuntimeException e) {
            throw keyReused(ask, e);
        }
    }

    /** One identifier set of a batch resolved, or the error ResolvePerson's caller would have seen for it. */
    public record Resolution(Resolved response, RuntimeException error) {
    }

    /**
     * Whether a failure of {@link #resolve} means identity, or its store, cannot be reached now
     * (IDENTITY_UNAVAILABLE, MONGODB_UNAVAILABLE): the other events of a batch would fail alike.
     */
    public static boolean unreachable(RuntimeException failure) {
        return failure instanceof StatusRuntimeException e && OUTAGES.contains(GrpcErrors.reason(e));
    }

    /** Identity's ALREADY_EXISTS for an event: its id was used with other identifiers. */
    private static RuntimeException keyReused(ResolveAsk ask, StatusRuntimeException e) {
        return e.getStatus().getCode() == Status.Code.ALREADY_EXISTS ? EventIdReused.otherIdentifiers(ask.eventId()) : e;
    }

    /** Identity's ResolvePerson for an event, sent by "profile" under the event id. */
    private static ResolvePersonRequest request(ResolveAsk ask) {
        return ResolvePersonRequest.newBuilder()
                .addAllIdentifiers(ask.identifiers().stream().map(IdentityClient::identifier).toList())
                .setEvidence(ask.authenticated() ? LinkEvidence.LINK_EVIDENCE_AUTHENTICATED
                        : LinkEvidence.LINK_EVIDENCE_OBSERVED)
                .setObservedAt(Timestamps.of(ask.observedAt())).setRequestingSystem("profile")
                .setRequestId(ask.eventId()).setIdempotencyKey(ask.eventId()).build();
    }

    private static Identifier identifier(PersonRef.Identifier given) {
        return Identifier.newBuilder().setType(given.type()).setValue(given.value()).setNamespace(given.namespace())
                .build();
    }

    private static Resolved resolved(ResolvePersonResponse response) {
        return new Resolved(response.getPersonId(), response.getCreated(), response.getMerged(),
                response.getIdentifiersList().stream().map(ResolvedIdentifier::getIdentifier)
                        .map(m -> new MaskedIdentifier(m.getType(), m.getMaskedValue(), m.getNamespace())).toList());
    }

    /**
     * Resolves the identifier sets of a batch of events with one ResolvePersons call, one result per
     * request in order, errors as {@link #resolve} throws them ({@code path} maps a request's field
     * paths; one identity could not resolve for now is IDENTITY_UNAVAILABLE, for the caller to retry). Empty
     * when identity does not offer ResolvePersons yet: the caller resolves one by one.
     */
    public Optional<List<Resolution>> resolveAll(List<ResolveAsk> asks, UnaryOperator<String> path) {
        List<ResolvePersonRequest> requests = asks.stream().map(IdentityClient::request).toList();
        List<Resolution> out = new ArrayList<>();
        int from = 0;
        while (from < requests.size()) {
            int to = from;
            long bytes = 0;
            while (to < requests.size() && (to == from || bytes + requests.get(to).getSerializedSize() < MAX_BATCH_BYTES)) {
                bytes += requests.get(to++).getSerializedSize() + 8;
            }
            ResolvePersonsResponse answer;
            try {
                answer = resolveChunk(requests.subList(from, to));
            } catch (NotOffered e) {
                return Optional.empty();
            }
            for (int i = from; i < to; i++) {
                out.add(resolution(asks.get(i), answer.getResults(i - from), path));
            }
            from = to;
        }
        return Optional.of(out);
    }

    private ResolvePersonsResponse resolveChunk(List<ResolvePersonRequest> requests) {
        ResolvePersonsRequest batch = ResolvePersonsRequest.newBuilder().addAllRequests(requests).build();
        return call(stub -> {
            try {
                return stub.resolvePersons(batch);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                    throw new NotOffered();
                }
                throw e;
            }
        }, f -> "events", config.identityDeadline().multipliedBy(1 + requests.size() / 20));
    }

    private static Resolution resolution(ResolveAsk ask, ResolvePersonResult result, UnaryOperator<String> path) {
        if (result.hasResolved()) {
            return new Resolution(resolved(result.getResolved()), null);
        }
        return new Resolution(null, switch (Status.fromCodeValue(result.getError().getCode()).getCode()) {
            case INVALID_ARGUMENT -> IdentityErrors.invalid(result.getError(), path);
            case NOT_FOUND, ALREADY_EXISTS, ABORTED, FAILED_PRECONDITION ->
                keyReused(ask, ItemErrors.toException(result.getError()));
            default -> IdentityErrors.unavailable(ItemErrors.toException(result.getError()));
        });
    }

    /** ResolvePersons answered UNIMPLEMENTED: an identity older than the caller. */
    private static final class NotOffered extends RuntimeException {
        NotOffered() {
            super(null, null, false, false);
        }
    }

    /** What identity knows of a person: its root (the survivor for a merged-away id), the ids merged into it, its masked identifiers. */
    public record Known(String personId, List<String> mergedPersonIds, List<MaskedIdentifier> identifiers) {
    }

    /**
     * The person holding an identifier given at {@code field} (e.g. "person.identifier");
     * PERSON_NOT_FOUND when nobody does.
     */
    public String lookup(PersonRef.Identifier given, String field) {
        Identifier identifier = identifier(given);
        try {
            return call(stub -> stub.lookupPerson(LookupPersonRequest.newBuilder().setIdentifier(identifier).build()),
                    f -> f.startsWith("identifier") ? field + f.substring("identifier".length()) : field)
                    .getPersonId();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw IdentityErrors.personNotFound("no person holds the " + identifier.getType()
                        + " identifier given in " + field);
            }
            throw e;
        }
    }

    /** A person's identity (the survivor's for a merged-away id), or empty when identity knows no such person. */
    public Optional<Known> identity(String personId) {
        try {
            var identity = call(stub -> stub.getIdentity(GetIdentityRequest.newBuilder().setPersonId(personId)
                    .build()), f -> "person_id").getIdentity();
            return Optional.of(new Known(identity.getPersonId(), identity.getMergedPersonIdsList(),
                    identity.getIdentifiersList().stream().map(LinkedIdentifier::getIdentifier)
                            .map(m -> new MaskedIdentifier(m.getType(), m.getMaskedValue(), m.getNamespace()))
                            .toList()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private <T> T call(Function<IdentityServiceBlockingStub, T> rpc, UnaryOperator<String> path) {
        return call(rpc, path, config.identityDeadline());
    }

    /**
     * A call through platform's {@link IdentityCalls} (deadline, retries while identity cannot take it,
     * circuit breaker: IDENTITY_UNAVAILABLE when it stays away), its answers as profile's contract names
     * them: identity's bad fields at the caller's paths, anything else identity could not do as
     * IDENTITY_UNAVAILABLE.
     */
    private <T> T call(Function<IdentityServiceBlockingStub, T> rpc, UnaryOperator<String> path, Duration deadline) {
        try {
            return calls.call(rpc, deadline);
        } catch (StatusRuntimeException e) {
            throw switch (e.getStatus().getCode()) {
                case INVALID_ARGUMENT -> IdentityErrors.invalid(e, path);
                case NOT_FOUND, ALREADY_EXISTS, ABORTED, FAILED_PRECONDITION, UNAVAILABLE -> e;
                default -> IdentityErrors.unavailable(e);
            };
        }
    }
}
