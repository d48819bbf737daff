package io.crowsnest.identity.api;

import io.crowsnest.platform.idempotency.Idempotency;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.config.IdentityConfig;
import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.identity.domain.PersonKind;
import io.crowsnest.identity.store.DeliveryAddressStore;
import io.crowsnest.identity.store.IdentifierStore;
import io.crowsnest.identity.store.IdentifierStore.Holder;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.v1.IdentifierLinkStatus;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.identity.v1.ResolvedIdentifier;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;

/**
 * ResolvePerson: identifiers seen together → one person. This slice does not merge: when the
 * identifiers reach several persons, the request resolves to the holder of the first held unique
 * identifier in request order and the unique identifiers held by others are reported CONFLICT.
 * A new person is only kept when it wins the unique insert of its first identifier, so concurrent
 * requests for the same new identifier all end with the one person that holds it.
 */
@ApplicationScoped
public class Resolver {

    static final int MAX_IDENTIFIERS = 20;
    private static final int MAX_ATTEMPTS = 8;

    @Inject
    Normaliser normaliser;
    @Inject
    IdentityConfig config;
    @Inject
    Idempotency idempotency;
    @Inject
    PersonStore persons;
    @Inject
    IdentifierStore identifiers;
    @Inject
    DeliveryAddressStore addresses;

    public ResolvePersonResponse resolve(ResolvePersonRequest request) {
        Instant now = Instant.now();
        Checks checks = new Checks();
        Map<String, Identifier> distinct = new LinkedHashMap<>();
        int count = request.getIdentifiersCount();
        if (count == 0) {
            checks.add("identifiers", "at least one identifier is required");
        } else if (count > MAX_IDENTIFIERS) {
            checks.add("identifiers", "at most " + MAX_IDENTIFIERS + " identifiers");
        } else {
            for (int i = 0; i < count; i++) {
                Identifier id = checks.identifier(normaliser, request.getIdentifiers(i), "identifiers[" + i + "]");
                if (id != null) {
                    distinct.putIfAbsent(id.hash(), id);
                }
            }
        }
        checks.requestingSystem(request.getRequestingSystem(), "requesting_system");
        checks.maxLength(request.getRequestId(), 128, "request_id");
        checks.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        Instant seenAt = now;
        if (request.hasObservedAt()) {
            Instant observed = checks.timestamp(request.getObservedAt(), "observed_at");
            if (observed != null && observed.isAfter(now.plus(config.observedAtSkew()))) {
                checks.add("observed_at", "is more than " + config.observedAtSkew() + " in the future");
            } else if (observed != null) {
                seenAt = observed;
            }
        }
        checks.throwIfAny();
        List<Identifier> ids = List.copyOf(distinct.values());
        Instant at = seenAt;
        return idempotency.once("ResolvePerson", request.getIdempotencyKey(), request,
                ResolvePersonResponse.parser(), () -> resolve(ids, at, now));
    }

    private ResolvePersonResponse resolve(List<Identifier> ids, Instant seenAt, Instant now) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<String, Optional<List<Holder>>> held = new HashMap<>();
            for (Identifier id : ids) {
                held.put(id.hash(), identifiers.holders(id.hash()));
            }
            Optional<PersonStore.Person> target = choose(ids, held);
            if (target.isPresent()) {
                return attach(target.get().id(), target.get().kind(), false, null, ids, held, seenAt, now);
            }
            Identifier first = ids.stream().filter(id -> id.type().unique()).findFirst().orElse(ids.get(0));
            String personId = UUID.randomUUID().toString();
            PersonKind kind = ids.stream().anyMatch(id -> id.type().marksKnown()) ? PersonKind.KNOWN
                    : PersonKind.ANONYMOUS;
            persons.insert(personId, kind, now);
            if (identifiers.claim(first, personId, seenAt)) {
                return attach(personId, kind, true, first, ids, held, seenAt, now);
            }
            // a concurrent request gave the identifier to its own person first: resolve again to it
            persons.delete(personId);
        }
        throw GrpcErrors.error(Status.Code.ABORTED, "CONTENTION",
                "the identifiers changed hands concurrently too often; retry with the same idempotency key");
    }

    /**
     * The existing person the identifiers resolve to: the holder of the first held unique
     * identifier, otherwise the most recent user of the shareable ones (only anonymous persons
     * when the set holds a unique identifier, since known persons are reached through those).
     */
    private Optional<PersonStore.Person> choose(List<Identifier> ids, Map<String, Optional<List<Holder>>> held) {
        for (Identifier id : ids) {
            if (id.type().unique() && held.get(id.hash()).isPresent()) {
                Optional<PersonStore.Person> holder = persons.find(held.get(id.hash()).get().get(0).personId());
                if (holder.isPresent()) {
                    return holder;
                }
            }
        }
        boolean hasUnique = ids.stream().anyMatch(id -> id.type().unique());
        List<Holder> candidates = new ArrayList<>();
        for (Identifier id : ids) {
            if (!id.type().unique()) {
                held.get(id.hash()).ifPresent(candidates::addAll);
            }
        }
        candidates.sort((a, b) -> b.lastSeenAt().compareTo(a.lastSeenAt()));
        for (Holder candidate : candidates) {
            Optional<PersonStore.Person> person = persons.find(candidate.personId());
            if (person.isPresent() && !(hasUnique && person.get().kind() == PersonKind.KNOWN)) {
                return person;
            }
        }
        return Optional.empty();
    }

    private ResolvePersonResponse attach(String personId, PersonKind kind, boolean created, Identifier claimed,
            List<Identifier> ids, Map<String, Optional<List<Holder>>> held, Instant seenAt, Instant now) {
        ResolvePersonResponse.Builder response = ResolvePersonResponse.newBuilder().setPersonId(personId)
                .setCreated(created);
        PersonKind resultKind = kind;
        for (Identifier id : ids) {
            ResolvedIdentifier.Builder resolved = ResolvedIdentifier.newBuilder().setIdentifier(Mapping.masked(id));
            IdentifierLinkStatus status;
            if (id == claimed) {
                status = IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_NEW;
            } else if (id.type().unique()) {
                String holder = held.get(id.hash()).map(h -> h.get(0).personId()).orElse(null);
                if (holder == null && !identifiers.claim(id, personId, seenAt)) {
                    // lost a race: someone holds it now
                    holder = identifiers.holders(id.hash()).map(h -> h.get(0).personId()).orElse(personId);
                }
                if (holder == null) {
                    status = IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_NEW;
                } else if (holder.equals(personId)) {
                    status = IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_EXISTING;
                    identifiers.touch(id.hash(), seenAt);
                } else {
                    status = IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_CONFLICT;
                    resolved.addOtherPersonIds(holder);
                }
            } else {
                List<Holder> before = held.get(id.hash()).orElse(List.of());
                identifiers.share(id, personId, seenAt);
                List<String> others = before.stream().map(Holder::personId).filter(p -> !p.equals(personId)).toList();
                resolved.addAllOtherPersonIds(others);
                status = !others.isEmpty() ? IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_SHARED
                        : before.isEmpty() ? IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_NEW
                                : IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_EXISTING;
            }
            if (status != IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_CONFLICT) {
                persons.link(personId, id, seenAt, now);
                if (id.type().keepsRawValue()) {
                    addresses.keep(personId, id, seenAt);
                }
                if (id.type().marksKnown()) {
                    resultKind = PersonKind.KNOWN;
                }
            }
            response.addIdentifiers(resolved.setStatus(status));
        }
        return response.setKind(Mapping.kind(resultKind)).build();
    }
}
