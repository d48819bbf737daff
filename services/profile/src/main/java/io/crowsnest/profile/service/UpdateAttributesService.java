package io.crowsnest.profile.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.profile.forwarding.ScoringForwarder;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.CustomAttributes;
import io.crowsnest.profile.domain.ProfileErrors.PersonNotFound;
import io.crowsnest.profile.domain.ProfileErrors.ProductNotFound;
import io.crowsnest.profile.domain.Fact;
import io.crowsnest.profile.domain.Facts;
import io.crowsnest.profile.domain.PersonRef;
import io.crowsnest.profile.store.HistoryStore;
import io.crowsnest.profile.store.OutboxStore;
import io.crowsnest.profile.store.Person;
import io.crowsnest.profile.store.PersonStore;

/**
 * UpdateAttributes: each supplied value is compared with the current one (the newest over the
 * person and those merged into it). A newer different value becomes current, an older one is kept in
 * history only, an equal one writes nothing. History entries are written first under ids derived
 * from the idempotency key, then every current value of the request in one atomic update, so a retry
 * after a crash repeats exactly the same writes. A change of attributes is noted in the person's
 * outbox entry before it is written, so that scoring receives the person's attributes as they are
 * then, however the request ends.
 */
@ApplicationScoped
public class UpdateAttributesService {

    @Inject
    ProfileConfig config;
    @Inject
    Persons persons;
    @Inject
    PersonStore store;
    @Inject
    HistoryStore history;
    @Inject
    OutboxStore outbox;
    @Inject
    ScoringForwarder forwarder;

    /** What a supplied value is: an attribute (by path), a product holding or a division relationship (by id). */
    public enum Kind {
        ATTRIBUTE, PRODUCT, RELATIONSHIP
    }

    /**
     * One value a request supplies: its kind, key within the kind (attribute path, product id,
     * division id), history path, and value (plain JSON form; null clears or removes).
     */
    public record Value(Kind kind, String key, String path, Object value) {
    }

    /**
     * A checked request: whose attributes, the values in request order, when they were observed
     * (to the millisecond; null for now), by which system and agent, and its idempotency key (from
     * which the history entries' ids derive).
     */
    public record Update(PersonRef person, List<Value> values, Instant observedAt, String source, String agentId,
            String idempotencyKey) {
    }

    /** What an update did: the root the values were written under and the history entries it made. */
    public record Updated(String personId, List<HistoryStore.Entry> changes) {
    }

    /** One value of the request with the fact it makes. */
    private record Supplied(Kind kind, String key, String path, Fact fact) {
    }

    /** Applies a request the adapter checked at {@code now} (milliseconds); the adapter owns idempotency. */
    public Updated update(Update r, Instant now) {
        Persons.Who who = persons.resolve(r.person(), "person");
        List<Person> records = store.findAll(who.members());
        Map<Kind, Map<String, Fact>> current = Map.of(Kind.ATTRIBUTE, Facts.current(records.stream()
                .map(Person::attributes).toList()), Kind.PRODUCT, Facts.current(records.stream()
                        .map(Person::products).toList()), Kind.RELATIONSHIP, Facts.current(records.stream()
                                .map(Person::relationships).toList()));
        Map<Kind, Map<String, Fact>> writes = Map.of(Kind.ATTRIBUTE, new TreeMap<>(), Kind.PRODUCT, new TreeMap<>(),
                Kind.RELATIONSHIP, new TreeMap<>());
        List<HistoryStore.Entry> entries = new ArrayList<>();
        for (Supplied s : supplied(r, now)) {
            Fact before = current.get(s.kind()).get(s.key());
            if (s.kind() == Kind.PRODUCT && s.fact().cleared() && (before == null || before.cleared())) {
                throw new ProductNotFound(s.key());
            }
            Facts.Outcome outcome = Facts.decide(before, s.fact());
            if (outcome == Facts.Outcome.UNCHANGED) {
                continue;
            }
            boolean applied = outcome == Facts.Outcome.APPLIED;
            if (applied) {
                writes.get(s.kind()).put(s.key(), s.fact());
            }
            entries.add(new HistoryStore.Entry(Fingerprint.id(r.idempotencyKey(), s.path()), who.root(), s.path(),
                    before == null ? null : before.value(), s.fact().value(), applied, s.fact().observedAt(), now,
                    s.fact().source(), s.fact().agentId(), "UPDATE", ""));
        }
        CustomAttributes.check(current.get(Kind.ATTRIBUTE), writes.get(Kind.ATTRIBUTE));
        history.insertAll(entries);
        boolean attributesChange = !writes.get(Kind.ATTRIBUTE).isEmpty();
        long sequence = attributesChange ? outbox.attributesChanging(who.root(), now, config.outbox().lease()) : 0;
        if (!entries.isEmpty() && !store.writeFacts(who.root(), writes.get(Kind.ATTRIBUTE), writes.get(Kind.PRODUCT),
                writes.get(Kind.RELATIONSHIP), now)) {
            throw new PersonNotFound(who.root());
        }
        if (attributesChange) {
            forwarder.handOffAttributes(who.root(), sequence);
        }
        return new Updated(who.root(), List.copyOf(entries));
    }

    private static List<Supplied> supplied(Update r, Instant now) {
        Instant observed = r.observedAt() == null ? now : r.observedAt();
        return r.values().stream().map(v -> new Supplied(v.kind(), v.key(), v.path(),
                new Fact(v.value(), observed, now, r.source(), r.agentId()))).toList();
    }
}
