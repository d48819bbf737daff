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

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.contactgovernance.domain.Arbitration;
import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.domain.Verdict;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.ReservationStore;
import io.crowsnest.contactgovernance.v1.BatchItemOutcome;
import io.crowsnest.contactgovernance.v1.BatchReservationItem;
import io.crowsnest.contactgovernance.v1.BatchReservationResult;
import io.crowsnest.contactgovernance.v1.Reservation;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactBatchResponse;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * Batch reservations: the items of each person are ranked (category, division priority, expected
 * value, planned instant, item id) and granted in that order in one atomic step per person, each
 * counting what the items before it took. Persons are independent of one another.
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
    Idempotency idempotency;
    @Inject
    Outages outages;

    /** One validated item. */
    private record Entry(int index, BatchReservationItem item, ContactIntent intent, Reservation reservation,
            Arbitration.Candidate candidate) {
    }

    /** Reserves the checked items (intents in request order), once per idempotency key. */
    public ReserveContactBatchResponse reserve(ReserveContactBatchRequest request, ContactPolicy policy,
            List<ContactIntent> intents, List<PersonReference> persons, Instant now, Instant expires) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < request.getItemsCount(); i++) {
            BatchReservationItem item = request.getItems(i);
            ContactIntent intent = inputs.withPerson(intents.get(i), persons.get(i),
                    "items[" + i + "].contact.person");
            String id = "rsv-" + StableIds.digest("ReserveContactBatch:" + request.getIdempotencyKey() + ":"
                    + item.getItemId());
            Reservation reservation = Reservation.newBuilder().setReservationId(id).setPersonId(intent.personId())
                    .setContact(item.getContact().toBuilder()
                            .setPerson(PersonRef.newBuilder().setPersonId(intent.personId()))
                            .setPlannedAt(Timestamps.of(intent.at())))
                    .setState(ReservationState.RESERVATION_STATE_HELD).setCreatedAt(Timestamps.of(now))
                    .setExpiresAt(Timestamps.of(expires)).setPolicy(ContractMapping.ref(policy.ref())).build();
            entries.add(new Entry(i, item, intent, reservation, MergeService.candidate(reservation, policy)));
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
                if (!outages.unavailable(e)) {
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
            throw new GovernanceException(GovernanceException.Kind.UNAVAILABLE, "REDIS_UNAVAILABLE",
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
            GovernanceRules.Inputs read = inputs.inputs(policy, personId, now);
            boolean counted = items.stream().anyMatch(e -> GovernanceInputs.needsCounters(read, e.intent()));
            List<CounterStore.Item> scriptItems = new ArrayList<>();
            for (Entry e : items) {
                boolean mayGrant = GovernanceRules.uncountedRulesAllow(read, e.intent());
                if (mayGrant && counted) {
                    reservations.insertPending(e.reservation());
                } else if (mayGrant) {
                    reservations.insert(e.reservation());
                }
                scriptItems.add(GovernanceInputs.item(read, e.intent(), ReservationStore.counted(e.reservation()),
                        Timestamps.instant(e.reservation().getExpiresAt()), mayGrant));
            }
            List<CountedContact> snapshot = List.of();
            boolean[] grants = new boolean[items.size()];
            if (counted) {
                CounterStore.ReserveResult result;
                try {
                    result = live.reserve(personId, policy, read.consents().revision(), scriptItems, now);
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
            explain(read, items, snapshot, grants, counted, results, now);
            return counted;
        }
        throw GovernanceException.consentChanging(GovernanceException.Kind.UNAVAILABLE,
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
                granted = live.confirm(e.intent().personId(), ReservationStore.counted(e.reservation()),
                        Timestamps.instant(e.reservation().getExpiresAt()), now);
            }
            BatchReservationResult.Builder result = BatchReservationResult.newBuilder()
                    .setItemId(e.item().getItemId()).setArbitrationRank(rank + 1)
                    .setVerdict(ContractMapping.verdict(verdict));
            CountedContact held = ReservationStore.counted(e.reservation());
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
