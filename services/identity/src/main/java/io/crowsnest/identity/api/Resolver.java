package io.crowsnest.identity.api;

import io.crowsnest.platform.idempotency.Idempotency;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.identity.config.IdentityConfig;
import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.Normaliser;
import io.crowsnest.identity.domain.PersonKind;
import io.crowsnest.identity.store.DeliveryAddressStore;
import io.crowsnest.identity.store.IdentifierStore;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.identity.store.PersonStore.Person;
import io.crowsnest.identity.domain.Survivorship;
import static io.crowsnest.identity.domain.Survivorship.FIRST_SURVIVES;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.identity.v1.LinkEvidence;
import io.crowsnest.identity.v1.MergeRecord;
import io.crowsnest.identity.v1.MergeTrigger;
import io.crowsnest.identity.v1.IdentifierLinkStatus;
import io.crowsnest.identity.v1.ResolvePersonRequest;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.identity.v1.ResolvedIdentifier;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;

/**
 * ResolvePerson: identifiers seen together → one person. The identifiers reach persons; anonymous
 * ones reached through unique identifiers are merged into the resolved person, known ones only
 * on authenticated evidence (see the contract). A new person is only kept when it wins the unique
 * insert of its first identifier, and a lost insert or a person merged meanwhile sends the request
 * round again, so concurrent requests end with one survivor and every identifier linked.
 */
@ApplicationScoped
public class Resolver {

    static final String RPC = "ResolvePerson";
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
    @Inject
    Leases leases;
    @Inject
    Merges merges;

    /** What one request is, once validated; observedAt null when the request did not say. */
    record Ask(List<Identifier> ids, boolean authenticated, String system, String requestId, Instant observedAt,
            Instant now) {

        Instant seenAt() {
            return observedAt == null ? now : observedAt;
        }

        /** The same request, resolved at another instant (a batch validates first, resolves later). */
        Ask at(Instant instant) {
            return new Ask(ids, authenticated, system, requestId, observedAt, instant);
        }
    }

    public ResolvePersonResponse resolve(ResolvePersonRequest request) {
        Ask ask = ask(request);
        return idempotency.once(RPC, request.getIdempotencyKey(), request, ResolvePersonResponse.parser(),
                () -> resolve(ask, Reads.live(identifiers, persons)));
    }

    /** The request validated, or INVALID_ARGUMENT with every bad field (paths relative to the request). */
    Ask ask(ResolvePersonRequest request) {
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
        if (request.getEvidenceValue() < 0 || request.getEvidenceValue() > LinkEvidence.LINK_EVIDENCE_AUTHENTICATED_VALUE) {
            checks.add("evidence", "is not a known LinkEvidence");
        }
        checks.requestingSystem(request.getRequestingSystem(), "requesting_system");
        checks.maxLength(request.getRequestId(), 128, "request_id");
        checks.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        Instant observedAt = null;
        if (request.hasObservedAt()) {
            Instant observed = checks.timestamp(request.getObservedAt(), "observed_at");
            if (observed != null && observed.isAfter(now.plus(config.observedAtSkew()))) {
                checks.add("observed_at", "is more than " + config.observedAtSkew() + " in the future");
            } else if (observed != null) {
                observedAt = observed;
            }
        }
        checks.throwIfAny();
        return new Ask(List.copyOf(distinct.values()),
                request.getEvidence() == LinkEvidence.LINK_EVIDENCE_AUTHENTICATED, request.getRequestingSystem(),
                request.getRequestId(), observedAt, now);
    }

    /** Resolves a validated request, reading through {@code reads}; the caller owns idempotency. */
    ResolvePersonResponse resolve(Ask ask, Reads reads) {
        List<MergeRecord> made = new ArrayList<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Reach reach = new Reach(ask.ids(), reads, identifiers);
            Person target;
            List<Person> toMerge = new ArrayList<>();
            if (ask.ids().stream().noneMatch(id -> id.type().unique())) {
                // shareable identifiers alone are no evidence that two persons are one: merge nobody
                Optional<Person> sharer = reach.shared(ask.ids()).stream().map(Reach.Held::root).findFirst();
                if (sharer.isEmpty()) {
                    ResolvePersonResponse created = create(ask, reach);
                    if (created == null) {
                        continue;
                    }
                    return created;
                }
                target = sharer.get();
            } else {
                List<Person> known = reach.uniqueRoots(ask.ids()).stream().filter(p -> p.kind() == PersonKind.KNOWN)
                        .toList();
                List<Person> anonymous = reach.anonymousRoots(ask.ids());
                if (known.isEmpty() && anonymous.isEmpty()) {
                    ResolvePersonResponse created = create(ask, reach);
                    if (created == null) {
                        continue;
                    }
                    return created;
                }
                if (known.isEmpty()) {
                    target = anonymous.stream().min(Comparator.comparing(Resolver::candidate, FIRST_SURVIVES))
                            .orElseThrow();
                } else if (ask.authenticated()) {
                    target = known.stream().min(Comparator.comparing(Resolver::candidate, FIRST_SURVIVES)).orElseThrow();
                    known.stream().filter(p -> p != target).forEach(toMerge::add);
                } else {
                    target = known.get(0);
                }
                anonymous.stream().filter(p -> p != target).forEach(toMerge::add);
            }
            Set<String> tree = new HashSet<>();
            tree.add(target.id());
            toMerge.forEach(p -> tree.add(p.id()));
            if (!toMerge.isEmpty()) {
                reach.writing();
                if (!mergeAll(target, toMerge, ask, made)) {
                    continue;
                }
            }
            // the target is a root Reach has just read; only a merge made here changes it
            Person resolved = toMerge.isEmpty() ? target : persons.root(target.id()).orElse(target);
            ResolvePersonResponse response = attach(resolved, false, null, tree, ask, reach, made);
            if (response != null) {
                return response;
            }
        }
        throw GrpcErrors.error(Status.Code.ABORTED, "CONTENTION",
                "the identifiers changed hands concurrently too often; retry with the same idempotency key");
    }

    private static Survivorship.Candidate candidate(Person p) {
        return new Survivorship.Candidate(p.id(), p.kind(), p.createdAt());
    }

    /** Merges every person into the target under their leases; false when one moved meanwhile. */
    private boolean mergeAll(Person target, List<Person> toMerge, Ask ask, List<MergeRecord> made) {
        List<String> ids = new ArrayList<>(List.of(target.id()));
        toMerge.forEach(p -> ids.add(p.id()));
        try (Leases.Held held = leases.take(ids)) {
            Optional<Person> survivor = persons.find(target.id());
            if (survivor.isEmpty() || !survivor.get().root()) {
                return false;
            }
            Person current = survivor.get();
            for (Person p : toMerge) {
                Optional<Person> merged = persons.find(p.id());
                if (merged.isEmpty() || !merged.get().root()) {
                    return false;
                }
                Reason reason = Reason.newBuilder()
                        .setCode(ask.authenticated() ? "RESOLVE_AUTHENTICATED" : "RESOLVE_ANONYMOUS")
                        .setMessage((merged.get().kind() == PersonKind.KNOWN ? "known" : "anonymous")
                                + " person reached through identifiers seen together with the survivor's in one "
                                + (ask.authenticated() ? "authenticated " : "") + "request from " + ask.system())
                        .build();
                made.add(merges.merge(current, merged.get(), MergeTrigger.MERGE_TRIGGER_RESOLVE, reason, ask.system(),
                        ask.requestId(), ask.now()));
                current = persons.find(current.id()).orElseThrow();
            }
            return true;
        } catch (Merges.Moved e) {
            return false;
        }
    }

    /** A new person holding the identifiers, or null when another request claimed its first one first. */
    private ResolvePersonResponse create(Ask ask, Reach reach) {
        List<Identifier> ids = ask.ids();
        Identifier first = ids.stream().filter(id -> id.type().unique()).findFirst().orElse(ids.get(0));
        String personId = UUID.randomUUID().toString();
        PersonKind kind = ids.stream().anyMatch(id -> id.type().marksKnown()) ? PersonKind.KNOWN
                : PersonKind.ANONYMOUS;
        reach.writing();
        persons.insert(personId, kind, ask.now());
        if (!identifiers.claim(first, personId, ask.seenAt())) {
            persons.delete(personId);
            return null;
        }
        Person person = persons.find(personId).orElseThrow();
        return attach(person, true, first, Set.of(personId), ask, reach, List.of());
    }

    /**
     * Links the identifiers to the resolved person; null when a unique one was taken meanwhile (the
     * request goes round again). Identifiers already held within the person's tree are touched on
     * the person that holds them, so that an unmerge takes them back where they came from.
     */
    private ResolvePersonResponse attach(Person target, boolean created, Identifier claimed, Set<String> tree, Ask ask,
            Reach reach, List<MergeRecord> made) {
        ResolvePersonResponse.Builder response = ResolvePersonResponse.newBuilder().setPersonId(target.id())
                .setCreated(created).setMerged(!made.isEmpty()).addAllMerges(made);
        boolean known = target.kind() == PersonKind.KNOWN;
        for (Identifier id : ask.ids()) {
            ResolvedIdentifier.Builder resolved = ResolvedIdentifier.newBuilder().setIdentifier(Mapping.masked(id));
            List<Reach.Held> held = reach.of(id);
            String linkedTo = target.id();
            boolean fresh = false;
            IdentifierLinkStatus status;
            if (id == claimed) {
                status = IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_NEW;
            } else if (id.type().unique()) {
                if (held.isEmpty()) {
                    reach.writing();
                    if (!identifiers.claim(id, target.id(), ask.seenAt())) {
                        return null;
                    }
                    status = IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_NEW;
                } else if (tree.contains(held.get(0).root().id())) {
                    status = IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_EXISTING;
                    linkedTo = held.get(0).holderId();
                    fresh = seenRecently(held.get(0), ask.seenAt());
                    if (!fresh) {
                        reach.writing();
                        identifiers.touch(id.hash(), ask.seenAt());
                    }
                } else {
                    status = IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_CONFLICT;
                    resolved.addOtherPersonIds(held.get(0).root().id());
                }
            } else {
                String holder = held.stream().filter(h -> tree.contains(h.root().id())).map(Reach.Held::holderId)
                        .findFirst().orElse(target.id());
                linkedTo = holder;
                fresh = held.stream().anyMatch(h -> h.holderId().equals(holder) && seenRecently(h, ask.seenAt()));
                if (!fresh) {
                    reach.writing();
                    identifiers.share(id, linkedTo, ask.seenAt());
                }
                List<String> others = held.stream().map(h -> h.root().id()).filter(p -> !tree.contains(p)).distinct()
                        .toList();
                resolved.addAllOtherPersonIds(others);
                status = !others.isEmpty() ? IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_SHARED
                        : held.isEmpty() ? IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_NEW
                                : IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_EXISTING;
            }
            if (status != IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_CONFLICT) {
                if (!fresh && !persons.link(linkedTo, id, ask.seenAt(), ask.now())) {
                    return null; // erased meanwhile: resolve again, to a new person
                }
                // a fresh link was kept with its address within the last-seen resolution: nothing to move
                if (!fresh && id.type().keepsRawValue()) {
                    keepAddress(linkedTo, id, ask.seenAt());
                }
                known |= id.type().marksKnown();
            }
            response.addIdentifiers(resolved.setStatus(status));
        }
        if (known && target.kind() != PersonKind.KNOWN) {
            reach.writing();
            persons.setKind(target.id(), PersonKind.KNOWN, ask.now());
        }
        return response.setKind(Mapping.kind(known ? PersonKind.KNOWN : PersonKind.ANONYMOUS)).build();
    }

    /**
     * True when the link was seen at most the last-seen resolution before this request and not
     * after it: writing it again would move last-seen by less than the resolution and change
     * nothing else (first-seen only moves for a request seen before the last one).
     */
    /**
     * Whether a use at seenAt would change nothing worth a write: not before the first use (which
     * it would move back), nor a resolution or more after the last. Events of one visit arrive out
     * of order from collectors' batches; within those bounds they cost no write.
     */
    private boolean seenRecently(Reach.Held held, Instant seenAt) {
        Instant last = held.holder().lastSeenAt();
        return !seenAt.isBefore(held.holder().firstSeenAt()) && seenAt.isBefore(last.plus(config.lastSeenResolution()));
    }

    /** Keeps a raw address, and takes it back if an erase of the person slipped in between. */
    private void keepAddress(String personId, Identifier id, Instant seenAt) {
        addresses.keep(personId, id, seenAt);
        if (persons.find(personId).map(Person::forgotten).orElse(true)) {
            addresses.wipe(List.of(personId));
        }
    }
}
