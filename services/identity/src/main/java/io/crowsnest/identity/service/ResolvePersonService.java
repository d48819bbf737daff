package io.crowsnest.identity.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
import io.crowsnest.identity.domain.ResolveRules;
import io.crowsnest.identity.domain.MaskedIdentifier;
import io.crowsnest.identity.domain.Merge;
import io.crowsnest.identity.domain.Reason;
import io.crowsnest.identity.service.Resolution.LinkStatus;
import io.crowsnest.identity.domain.IdentityErrors.Contention;

/**
 * ResolvePerson: identifiers seen together → one person. The identifiers reach persons; anonymous
 * ones reached through unique identifiers are merged into the resolved person, known ones only
 * on authenticated evidence (see the contract). A new person is only kept when it wins the unique
 * insert of its first identifier, and a lost insert or a person merged meanwhile sends the request
 * round again, so concurrent requests end with one survivor and every identifier linked.
 */
@ApplicationScoped
public class ResolvePersonService {

    private static final int MAX_ATTEMPTS = 8;

    @Inject
    Normaliser normaliser;
    @Inject
    IdentityConfig config;
    @Inject
    PersonStore persons;
    @Inject
    IdentifierStore identifiers;
    @Inject
    DeliveryAddressStore addresses;
    @Inject
    Leases leases;
    @Inject
    MergeSteps merges;
    @Inject
    RehashService rehash;

    /** Resolves one validated request against the store; the adapter owns idempotency. */
    public Resolution resolve(ResolveCommand ask) {
        rehash.toCurrent(ask.ids());
        return resolve(ask, Reads.live(identifiers, persons));
    }

    /** Resolves a validated request, reading through {@code reads}; the caller owns idempotency. */
    Resolution resolve(ResolveCommand ask, Reads reads) {
        List<Merge> made = new ArrayList<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Reach reach = new Reach(ask.ids(), reads, identifiers);
            Person target;
            List<Person> toMerge = new ArrayList<>();
            if (ask.ids().stream().noneMatch(id -> id.type().unique())) {
                // shareable identifiers alone are no evidence that two persons are one: merge nobody
                Optional<Person> sharer = reach.shared(ask.ids()).stream().map(Reach.Held::root).findFirst();
                if (sharer.isEmpty()) {
                    Resolution created = create(ask, reach);
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
                Optional<ResolveRules.Choice> choice = ResolveRules.choose(candidates(known), candidates(anonymous),
                        ask.authenticated());
                if (choice.isEmpty()) {
                    Resolution created = create(ask, reach);
                    if (created == null) {
                        continue;
                    }
                    return created;
                }
                Map<String, Person> byId = new HashMap<>();
                known.forEach(p -> byId.put(p.id(), p));
                anonymous.forEach(p -> byId.put(p.id(), p));
                target = byId.get(choice.get().target().id());
                choice.get().toMerge().forEach(c -> toMerge.add(byId.get(c.id())));
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
            Resolution response = attach(resolved, false, null, tree, ask, reach, made);
            if (response != null) {
                return response;
            }
        }
        throw new Contention("the identifiers changed hands concurrently too often");
    }

    private static List<Survivorship.Candidate> candidates(List<Person> persons) {
        return persons.stream().map(p -> new Survivorship.Candidate(p.id(), p.kind(), p.createdAt())).toList();
    }

    /** Merges every person into the target under their leases; false when one moved meanwhile. */
    private boolean mergeAll(Person target, List<Person> toMerge, ResolveCommand ask, List<Merge> made) {
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
                Reason reason = new Reason(ResolveRules.mergeReasonCode(ask.authenticated()),
                        ResolveRules.mergeReasonMessage(merged.get().kind(), ask.authenticated(), ask.system()));
                made.add(merges.merge(current, merged.get(), Merge.Trigger.RESOLVE, reason, ask.system(),
                        ask.requestId(), ask.now()));
                current = persons.find(current.id()).orElseThrow();
            }
            return true;
        } catch (MergeSteps.Moved e) {
            return false;
        }
    }

    /** A new person holding the identifiers, or null when another request claimed its first one first. */
    private Resolution create(ResolveCommand ask, Reach reach) {
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
    private Resolution attach(Person target, boolean created, Identifier claimed, Set<String> tree, ResolveCommand ask,
            Reach reach, List<Merge> made) {
        List<Resolution.ResolvedIdentifier> resolved = new ArrayList<>();
        boolean known = target.kind() == PersonKind.KNOWN;
        for (Identifier id : ask.ids()) {
            List<String> otherPersonIds = List.of();
            List<Reach.Held> held = reach.of(id);
            String linkedTo = target.id();
            boolean fresh = false;
            LinkStatus status;
            if (id == claimed) {
                status = LinkStatus.NEW;
            } else if (id.type().unique()) {
                if (held.isEmpty()) {
                    reach.writing();
                    if (!identifiers.claim(id, target.id(), ask.seenAt())) {
                        return null;
                    }
                    status = LinkStatus.NEW;
                } else if (tree.contains(held.get(0).root().id())) {
                    status = LinkStatus.EXISTING;
                    linkedTo = held.get(0).holderId();
                    fresh = seenRecently(held.get(0), ask.seenAt());
                    if (!fresh) {
                        reach.writing();
                        identifiers.touch(id.hash(), ask.seenAt());
                    }
                } else {
                    status = LinkStatus.CONFLICT;
                    otherPersonIds = List.of(held.get(0).root().id());
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
                otherPersonIds = others;
                status = !others.isEmpty() ? LinkStatus.SHARED
                        : held.isEmpty() ? LinkStatus.NEW
                                : LinkStatus.EXISTING;
            }
            if (status != LinkStatus.CONFLICT) {
                if (!fresh && !persons.link(linkedTo, id, ask.seenAt(), ask.now())) {
                    return null; // erased meanwhile: resolve again, to a new person
                }
                // a fresh link was kept with its address within the last-seen resolution: nothing to move
                if (!fresh && id.type().keepsRawValue()) {
                    keepAddress(linkedTo, id, ask.seenAt());
                }
                known |= id.type().marksKnown();
            }
            resolved.add(new Resolution.ResolvedIdentifier(MaskedIdentifier.of(id), status, otherPersonIds));
        }
        if (known && target.kind() != PersonKind.KNOWN) {
            reach.writing();
            persons.setKind(target.id(), PersonKind.KNOWN, ask.now());
        }
        return new Resolution(target.id(), known ? PersonKind.KNOWN : PersonKind.ANONYMOUS, created, made, resolved);
    }

    /** Whether this use of a held link changes nothing worth a write (see ResolveRules). */
    private boolean seenRecently(Reach.Held held, Instant seenAt) {
        return ResolveRules.seenRecently(held.holder().firstSeenAt(), held.holder().lastSeenAt(), seenAt,
                config.lastSeenResolution());
    }

    /** Keeps a raw address, and takes it back if an erase of the person slipped in between. */
    private void keepAddress(String personId, Identifier id, Instant seenAt) {
        addresses.keep(personId, id, seenAt);
        if (persons.find(personId).map(Person::forgotten).orElse(true)) {
            addresses.wipe(List.of(personId));
        }
    }
}
