package io.crowsnest.contactgovernance.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.Arbitration;
import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.domain.Reservation;
import io.crowsnest.contactgovernance.domain.Verdict;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.ReservationStore;

/**
 * Batch reservations: the items of each person are ranked (category, division priority, expected
 * value, planned instant, item id) and granted in that order in one atomic step per person, each
 * counting what the items before it took. Persons are independent of one another. The adapter runs
 * a batch once per idempotency key.
 */
@ApplicationScoped
public class ReserveBatchService {

    @Inject
    GovernanceInputs inputs;
    @Inject
    LiveCounters live;
    @Inject
    ReservationStore reservations;
    @Inject
    Outages outages;

    /** One checked item of a batch: its id and the contact it asks for. */
    public record Item(String itemId, Reservation.PlannedContact contact) {
    }

    /** What became of one item. */
    public enum Outcome {
        GRANTED, DENIED, UNAVAILABLE
    }

    /**
     * One item's answer, in request order.
     *
     * @param reservationId   empty unless granted
     * @param expiresAt       null unless granted
     * @param verdict         null when its person's counters could not be reached
     * @param outrankedByItemIds the higher-ranked items of this batch that took the capacity it needed
     */
    public record ItemResult(String itemId, Outcome outcome, String reservationId, Instant expiresAt,
            Verdict verdict, int arbitrationRank, List<String> outrankedByItemIds) {
    }

    /** One validated item. */
    private record Entry(int index, Item item, ContactIntent intent, Reservation reservation,
            Arbitration.Candidate candidate) {
    }

    /** Reserves the checked items (intents in request order); the adapter owns idempotency. */
    public List<ItemResult> reserve(String idempotencyKey, List<Item> items, ContactPolicy policy,
            List<ContactIntent> intents, List<PersonReference> persons, Instant now, Instant expires) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            ContactIntent intent = inputs.withPerson(intents.get(i), persons.get(i),
                    "items[" + i + "].contact.person");
            String id = "rsv-" + StableIds.digest("ReserveContactBatch:" + idempotencyKey + ":" + item.itemId());
            Reservation reservation = Reservation.held(id, intent.personId(), item.contact().plannedAt(intent.at()),
                    now, expires, policy.ref());
            entries.add(new Entry(i, item, intent, reservation, reservation.candidate(policy)));
        }
        return arbitrate(policy, entries, now);
    }

    private List<ItemResult> arbitrate(ContactPolicy policy, List<Entry> entries, Instant now) {
        Map<String, List<Entry>> byPerson = new LinkedHashMap<>();
        entries.forEach(e -> byPerson.computeIfAbsent(e.intent().personId(), p -> new ArrayList<>()).add(e));
        ItemResult[] results = new ItemResult[entries.size()];
        int unreachable = 0;
        int needingCounters = 0;
        for (List<Entry> items : byPerson.values()) {
            items.sort((a, b) -> Arbitration.ORDER.compare(a.candidate(), b.candidate()));
            try {
                if (person(policy, items, results, now)) {
                    needingCounters++;
                }
            } catch (RuntimeException e) {
                if (!outages.unavailable(e)) {
                    throw e;
                }
                needingCounters++;
                unreachable++;
                for (int rank = 0; rank < items.size(); rank++) {
                    Entry entry = items.get(rank);
                    reservations.delete(entry.reservation().reservationId());
                    results[entry.index()] = new ItemResult(entry.item().itemId(), Outcome.UNAVAILABLE, "", null,
                            null, rank + 1, List.of());
                }
            }
        }
        if (needingCounters > 0 && unreachable == needingCounters) {
            throw new GovernanceException(GovernanceException.Kind.UNAVAILABLE, "REDIS_UNAVAILABLE",
                    "the live counters are unreachable; nothing was reserved, retry with the same idempotency key");
        }
        return List.of(results);
    }

    /** Arbitrates one person's items; true when the person needed the counters. */
    private boolean person(ContactPolicy policy, List<Entry> items, ItemResult[] results, Instant now) {
        String personId = items.get(0).intent().personId();
        for (int attempt = 0; attempt < 5; attempt++) {
            GovernanceInputs.Read personRead = inputs.read(policy, personId, now);
            GovernanceRules.Inputs read = personRead.rules();
            boolean counted = items.stream().anyMatch(e -> GovernanceInputs.needsCounters(read, e.intent()));
            List<CounterStore.Item> scriptItems = new ArrayList<>();
            for (Entry e : items) {
                boolean mayGrant = GovernanceRules.uncountedRulesAllow(read, e.intent());
                if (mayGrant) {
                    reservations.insert(e.reservation());
                }
                scriptItems.add(GovernanceInputs.item(read, e.intent(), e.reservation().counted(),
                        e.reservation().expiresAt(), mayGrant));
            }
            List<CountedContact> snapshot = List.of();
            boolean[] grants = new boolean[items.size()];
            if (counted) {
                CounterStore.ReserveResult result;
                try {
                    result = live.reserve(personId, policy, personRead.fence(), scriptItems, now);
                } catch (RuntimeException e) {
                    items.forEach(x -> reservations.delete(x.reservation().reservationId()));
                    throw e;
                }
                if (result.status() == CounterStore.Status.CONSENT_STALE) {
                    items.forEach(x -> reservations.delete(x.reservation().reservationId()));
                    continue;
                }
                snapshot = result.snapshot();
                grants = result.grants();
            } else {
                for (int i = 0; i < items.size(); i++) {
                    grants[i] = scriptItems.get(i).mayGrant();
                }
            }
            explain(read, items, snapshot, grants, counted, results, now);
            return counted;
        }
        throw GovernanceException.consentChanging(GovernanceException.Kind.UNAVAILABLE,
                "a person's consent kept changing during the batch; retry with the same idempotency key");
    }

    /** Each item's verdict at its turn: the snapshot plus what higher-ranked items were granted. */
    private void explain(GovernanceRules.Inputs inputs, List<Entry> items, List<CountedContact> snapshot,
            boolean[] grants, boolean counted, ItemResult[] results, Instant now) {
        List<CountedContact> seen = new ArrayList<>(snapshot);
        Map<String, String> grantedItemOf = new HashMap<>();
        for (int rank = 0; rank < items.size(); rank++) {
            Entry e = items.get(rank);
            Verdict verdict = GovernanceRules.evaluate(inputs, e.intent(), seen, now);
            boolean granted = grants[rank] && verdict.allowed();
            CountedContact held = e.reservation().counted();
            List<String> outrankedBy = new ArrayList<>();
            if (granted) {
                results[e.index()] = new ItemResult(e.item().itemId(), Outcome.GRANTED,
                        e.reservation().reservationId(), e.reservation().expiresAt(), verdict, rank + 1, List.of());
                seen.add(held);
                grantedItemOf.put(held.id(), e.item().itemId());
            } else {
                reservations.delete(e.reservation().reservationId());
                if (counted) {
                    live.release(e.intent().personId(), List.of(held), now);
                }
                // Higher-ranked items of this batch that took capacity a violated cap counts.
                var fatigue = GovernanceRules.fatigueAt(inputs, e.intent().at());
                Set<String> blockedCaps = new HashSet<>();
                verdict.violations().forEach(x -> blockedCaps.add(x.ruleId()));
                for (var rule : GovernanceRules.counterRules(inputs.policy(), e.intent(), fatigue)) {
                    if (!blockedCaps.contains(rule.capRuleId())) {
                        continue;
                    }
                    for (CountedContact c : seen) {
                        String itemId = grantedItemOf.get(c.id());
                        if (itemId != null && rule.counts(c, e.intent().at()) && !outrankedBy.contains(itemId)) {
                            outrankedBy.add(itemId);
                        }
                    }
                }
                results[e.index()] = new ItemResult(e.item().itemId(), Outcome.DENIED, "", null, verdict, rank + 1,
                        List.copyOf(outrankedBy));
            }
        }
    }
}
