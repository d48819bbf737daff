package io.crowsnest.contactgovernance.api;

import java.time.Clock;

import io.crowsnest.platform.grpc.Calls;
import io.crowsnest.platform.idempotency.Idempotency;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.contactgovernance.domain.Arbitration;
import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.domain.Verdict;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.ReservationStore;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.contactgovernance.v1.BatchItemOutcome;
import io.crowsnest.contactgovernance.v1.BatchReservationItem;
import io.crowsnest.contactgovernance.v1.BatchReservationResult;
import io.crowsnest.contactgovernance.v1.Reservation;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchResponse;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;

/**
 * Batch reservations: the items of each person are ranked (category, division priority, expected
 * value, planned instant, item id) and granted in that order in one atomic step per person, each
 * counting what the items before it took. Persons are independent of one another.
 */
@ApplicationScoped
public class BatchDesk {

    @Inject
    Clock clock;

    private static final Pattern ITEM_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MAX_ITEMS = 1000;

    @Inject
    GoverningPolicy governing;
    @Inject
    ReservationDesk desk;
    @Inject
    LiveCounters live;
    @Inject
    ReservationStore reservations;
    @Inject
    Idempotency idempotency;

    /** One validated item. */
    private record Entry(int index, BatchReservationItem item, ContactIntent intent, Reservation reservation,
            Arbitration.Candidate candidate) {
    }

    public ReserveContactBatchResponse reserve(ReserveContactBatchRequest request) {
        Instant now = clock.instant();
        ContactPolicy policy = governing.current();
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        if (request.getItemsCount() == 0 || request.getItemsCount() > MAX_ITEMS) {
            v.add("items", "must hold 1 to 1,000 items, got " + request.getItemsCount());
        }
        Duration ttl = ReservationDesk.ttl(request.getTtlSeconds(), "ttl_seconds", v);
        Instant expires = now.plus(ttl);
        ContactChecks.idempotencyKey(request.getIdempotencyKey(), v);
        Set<String> ids = new HashSet<>();
        Set<String> currencies = new HashSet<>();
        List<ContactIntent> intents = new ArrayList<>();
        for (int i = 0; i < request.getItemsCount(); i++) {
            BatchReservationItem item = request.getItems(i);
            String f = "items[" + i + "]";
            if (!ITEM_ID.matcher(item.getItemId()).matches()) {
                v.add(f + ".item_id", "must be 1 to 64 characters of letters, digits and . _ : -");
            } else if (!ids.add(item.getItemId())) {
                v.add(f + ".item_id", "'" + item.getItemId() + "' appears twice in the batch");
            }
            if (item.getContact().hasExpectedValue()) {
                currencies.add(item.getContact().getExpectedValue().getCurrencyCode());
            }
            Instant at = ContactChecks.planned(item.getContact(), f + ".contact.planned_at", now, expires,
                    "the reservation's expiry", v);
            intents.add(ContactChecks.contact(item.getContact(), f + ".contact", policy, at, v));
        }
        if (currencies.size() > 1) {
            v.add("items", "expected values must all use one currency, got " + currencies);
        }
        v.throwIfAny();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < request.getItemsCount(); i++) {
            BatchReservationItem item = request.getItems(i);
            ContactIntent intent = desk.withPerson(intents.get(i), item.getContact().getPerson(),
                    "items[" + i + "].contact.person");
            String id = "rsv-" + ReservationDesk.digest("ReserveContactBatch:" + request.getIdempotencyKey() + ":"
                    + item.getItemId());
            Reservation reservation = Reservation.newBuilder().setReservationId(id).setPersonId(intent.personId())
                    .setContact(item.getContact().toBuilder()
                            .setPerson(PersonRef.newBuilder().setPersonId(intent.personId()))
                            .setPlannedAt(Timestamps.of(intent.at())))
                    .setState(ReservationState.RESERVATION_STATE_HELD).setCreatedAt(Timestamps.of(now))
                    .setExpiresAt(Timestamps.of(expires)).setPolicy(Mapping.ref(policy.ref())).build();
            entries.add(new Entry(i, item, intent, reservation, PersonDesk.candidate(reservation, policy)));
        }
        return idempotency.once("ReserveContactBatch", request.getIdempotencyKey(), request,
                ReserveContactBatchResponse.parser(), () -> arbitrate(policy, entries, now));
    }

    private ReserveContactBatchResponse arbitrate(ContactPolicy policy, List<Entry> entries, Instant now) {
        Map<String, List<Entry>> byPerson = new LinkedHashMap<>();
        entries.forEach(e -> byPerson.computeIfAbsent(e.intent().personId(), p -> new ArrayList<>()).add(e));
        BatchReservationResult[] results = new BatchReservationResult[entries.size()];
        int unreachable = 0;
        int needingCounters = 0;
        for (List<Entry> items : byPerson.values()) {
            items.sort((a, b) -> Arbitration.ORDER.compare(a.candidate(), b.candidate()));
            try {
                if (person(policy, items, results, now)) {
                    needingCounters++;
                }
            } catch (RuntimeException e) {
                if (!(Calls.status(e).getStatus().getCode() == Status.Code.UNAVAILABLE)) {
                    throw e;
                }
                needingCounters++;
                unreachable++;
                for (int rank = 0; rank < items.size(); rank++) {
                    Entry entry = items.get(rank);
                    reservations.delete(entry.reservation().getReservationId());
                    results[entry.index()] = BatchReservationResult.newBuilder().setItemId(entry.item().getItemId())
                            .setOutcome(BatchItemOutcome.BATCH_ITEM_OUTCOME_UNAVAILABLE).setArbitrationRank(rank + 1)
                            .build();
                }
            }
        }
        if (needingCounters > 0 && unreachable == needingCounters) {
            throw GrpcErrors.error(Status.Code.UNAVAILABLE, "REDIS_UNAVAILABLE",
                    "the live counters are unreachable; nothing was reserved, retry with the same idempotency key");
        }
        ReserveContactBatchResponse.Builder out = ReserveContactBatchResponse.newBuilder();
        for (BatchReservationResult r : results) {
            out.addResults(r);
            switch (r.getOutcome()) {
                case BATCH_ITEM_OUTCOME_GRANTED -> out.setGrantedCount(out.getGrantedCount() + 1);
                case BATCH_ITEM_OUTCOME_DENIED -> out.setDeniedCount(out.getDeniedCount() + 1);
                default -> out.setUnavailableCount(out.getUnavailableCount() + 1);
            }
        }
        return out.build();
    }

    /** Arbitrates one person's items; true when the person needed the counters. */
    private boolean person(ContactPolicy policy, List<Entry> items, BatchReservationResult[] results, Instant now) {
        String personId = items.get(0).intent().personId();
        for (int attempt = 0; attempt < 5; attempt++) {
            GovernanceRules.Inputs inputs = desk.inputs(policy, personId, now);
            boolean counted = items.stream().anyMatch(e -> ReservationDesk.needsCounters(inputs, e.intent()));
            List<CounterStore.Item> scriptItems = new ArrayList<>();
            for (Entry e : items) {
                boolean mayGrant = GovernanceRules.uncountedRulesAllow(inputs, e.intent());
                if (mayGrant && counted) {
                    reservations.insertPending(e.reservation());
                } else if (mayGrant) {
                    reservations.insert(e.reservation());
                }
                scriptItems.add(ReservationDesk.item(inputs, e.intent(), Mapping.counted(e.reservation()),
                        Timestamps.instant(e.reservation().getExpiresAt()), mayGrant));
            }
            List<CountedContact> snapshot = List.of();
            boolean[] grants = new boolean[items.size()];
            if (counted) {
                CounterStore.ReserveResult result;
                try {
                    result = live.reserve(personId, policy, inputs.consents().revision(), scriptItems, now);
                } catch (RuntimeException e) {
                    items.forEach(x -> reservations.delete(x.reservation().getReservationId()));
                    throw e;
                }
                if (result.status() == CounterStore.Status.CONSENT_STALE) {
                    items.forEach(x -> reservations.delete(x.reservation().getReservationId()));
                    continue;
                }
                snapshot = result.snapshot();
                grants = result.grants();
            } else {
                for (int i = 0; i < items.size(); i++) {
                    grants[i] = scriptItems.get(i).mayGrant();
                }
            }
            explain(inputs, items, snapshot, grants, counted, results, now);
            return counted;
        }
        throw GrpcErrors.error(Status.Code.UNAVAILABLE, "CONSENT_CHANGING",
                "a person's consent kept changing during the batch; retry with the same idempotency key");
    }

    /** Each item's verdict at its turn: the snapshot plus what higher-ranked items were granted. */
    private void explain(GovernanceRules.Inputs inputs, List<Entry> items, List<CountedContact> snapshot,
            boolean[] grants, boolean counted, BatchReservationResult[] results, Instant now) {
        List<CountedContact> seen = new ArrayList<>(snapshot);
        Map<String, String> grantedItemOf = new HashMap<>();
        for (int rank = 0; rank < items.size(); rank++) {
            Entry e = items.get(rank);
            Verdict verdict = GovernanceRules.evaluate(inputs, e.intent(), seen, now);
            boolean granted = grants[rank] && verdict.allowed();
            if (granted && counted) {
                granted = live.confirm(e.intent().personId(), Mapping.counted(e.reservation()),
                        Timestamps.instant(e.reservation().getExpiresAt()), now);
            }
            BatchReservationResult.Builder result = BatchReservationResult.newBuilder()
                    .setItemId(e.item().getItemId()).setArbitrationRank(rank + 1)
                    .setVerdict(Mapping.verdict(verdict));
            CountedContact held = Mapping.counted(e.reservation());
            if (granted) {
                result.setOutcome(BatchItemOutcome.BATCH_ITEM_OUTCOME_GRANTED)
                        .setReservationId(e.reservation().getReservationId())
                        .setExpiresAt(e.reservation().getExpiresAt());
                seen.add(held);
                grantedItemOf.put(held.id(), e.item().getItemId());
            } else {
                reservations.delete(e.reservation().getReservationId());
                if (counted) {
                    live.release(e.intent().personId(), List.of(held), now);
                }
                result.setOutcome(BatchItemOutcome.BATCH_ITEM_OUTCOME_DENIED);
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
                        if (itemId != null && rule.counts(c, e.intent().at())
                                && !result.getOutrankedByItemIdsList().contains(itemId)) {
                            result.addOutrankedByItemIds(itemId);
                        }
                    }
                }
            }
            results[e.index()] = result.build();
        }
    }
}
