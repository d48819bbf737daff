package io.crowsnest.profile.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.forwarding.ScoringForwarder;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.AttributePaths;
import io.crowsnest.profile.domain.CustomAttributes;
import io.crowsnest.profile.domain.ProfileErrors.PersonNotFound;
import io.crowsnest.profile.domain.ProfileErrors.ProductNotFound;
import io.crowsnest.profile.domain.Fact;
import io.crowsnest.profile.domain.Facts;
import io.crowsnest.profile.store.HistoryStore;
import io.crowsnest.profile.store.OutboxStore;
import io.crowsnest.profile.store.Person;
import io.crowsnest.profile.store.PersonStore;
import io.crowsnest.profile.v1.AttributeChangeCause;
import io.crowsnest.profile.v1.UpdateAttributesRequest;
import io.crowsnest.profile.v1.UpdateAttributesResponse;

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

    private enum Kind {
        ATTRIBUTE, PRODUCT, RELATIONSHIP
    }

    /** One value the request supplies: its kind, key within the kind, history path and fact. */
    private record Supplied(Kind kind, String key, String path, Fact fact) {
    }

    /** Applies a request the adapter checked at {@code now} (milliseconds); the adapter owns idempotency. */
    public UpdateAttributesResponse update(UpdateAttributesRequest r, Instant now) {
        Persons.Who who = persons.resolve(r.getPerson(), "person");
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
            entries.add(new HistoryStore.Entry(Fingerprint.id(r.getIdempotencyKey(), s.path()), who.root(), s.path(),
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
        UpdateAttributesResponse.Builder response = UpdateAttributesResponse.newBuilder().setPersonId(who.root());
        entries.forEach(e -> response.addChanges(HistoryQueries.change(e)));
        return response.build();
    }

    private List<Supplied> supplied(UpdateAttributesRequest r, Instant now) {
        Instant observed = r.hasObservedAt() ? Timestamps.instant(r.getObservedAt()).truncatedTo(ChronoUnit.MILLIS)
                : now;
        List<Supplied> supplied = new ArrayList<>();
        for (String path : r.getPathsList()) {
            supplied.add(new Supplied(Kind.ATTRIBUTE, path, path,
                    fact(AttributeMapping.valueAt(r.getAttributes(), path), observed, now, r)));
        }
        r.getUpsertProductsList().forEach(p -> supplied.add(new Supplied(Kind.PRODUCT, p.getProductId(),
                AttributePaths.PRODUCTS + p.getProductId(), fact(Values.plain(p), observed, now, r))));
        r.getRemoveProductIdsList().forEach(id -> supplied.add(new Supplied(Kind.PRODUCT, id,
                AttributePaths.PRODUCTS + id, fact(null, observed, now, r))));
        r.getUpsertRelationshipsList().forEach(rel -> supplied.add(new Supplied(Kind.RELATIONSHIP,
                rel.getDivision().getId(), AttributePaths.RELATIONSHIPS + rel.getDivision().getId(),
                fact(Values.plain(rel), observed, now, r))));
        return supplied;
    }

    private static Fact fact(Object value, Instant observed, Instant now, UpdateAttributesRequest r) {
        return new Fact(value, observed, now, r.getSource(), r.getAgentId());
    }

    /** The cause as the contract names it. */
    public static AttributeChangeCause cause(String stored) {
        return AttributeChangeCause.valueOf("ATTRIBUTE_CHANGE_CAUSE_" + stored);
    }
}
