package io.crowsnest.contactgovernance.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.Arbitration;
import io.crowsnest.contactgovernance.domain.ConsentChange;
import io.crowsnest.contactgovernance.domain.ConsentPrecedence;
import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.domain.PersonConsents;
import io.crowsnest.contactgovernance.domain.PersonNotFound;
import io.crowsnest.contactgovernance.domain.PersonState;
import io.crowsnest.contactgovernance.domain.Reason;
import io.crowsnest.contactgovernance.domain.Reservation;
import io.crowsnest.contactgovernance.domain.ReservationLifecycle;
import io.crowsnest.contactgovernance.store.ConsentStore;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.LedgerStore;
import io.crowsnest.contactgovernance.store.PersonStateStore;
import io.crowsnest.contactgovernance.store.ReservationStore;

/**
 * MergePersons: the merged person's ledger, held reservations and consents move to the survivor
 * (consents combined by {@link ConsentPrecedence}), the survivor's counters are rebuilt, and the held
 * reservations are granted again in arbitration order; those that no longer fit are voided.
 */
@ApplicationScoped
public class MergeService {

    @Inject
    PersonStateStore states;
    @Inject
    PersonResolver persons;
    @Inject
    LedgerStore ledger;
    @Inject
    ReservationStore reservations;
    @Inject
    ConsentStore consents;
    @Inject
    CounterStore counters;
    @Inject
    LiveCounters live;
    @Inject
    GoverningPolicy governing;
    @Inject
    GovernanceInputs inputs;
    @Inject
    Answers answers;
    @Inject
    Clock clock;

    /** A checked merge: who is merged into whom, by which merge, who asks, and its idempotency key. */
    public record Merge(String mergedPersonId, String survivorPersonId, String mergeId, String requestingSystem,
            String idempotencyKey) {
    }

    /** What a merge answers: the survivor, what moved, what was voided, the combined consents, and when. */
    public record Merged(String survivorPersonId, boolean alreadyMerged, long ledgerEntriesMoved,
            int reservationsMoved, List<String> voidedReservationIds, PersonConsents consents, Instant mergedAt) {
    }

    /** MergePersons (or identity's MERGED change), once per idempotency key. */
    public Merged merge(Merge command) {
        return answers.merge(command, () -> combine(command));
    }

    /** Identity's MERGED change: the same merge, once per idempotency key (the change's offset). */
    public void merge(String mergedPersonId, String survivorPersonId, String mergeId, String requestingSystem,
            String idempotencyKey) {
        merge(new Merge(mergedPersonId, survivorPersonId, mergeId, requestingSystem, idempotencyKey));
    }

    private Merged combine(Merge request) {
        Instant now = clock.instant();
        String merged = request.mergedPersonId();
        String survivor = persons.resolve(request.survivorPersonId());
        Optional<PersonState> mergedState = states.find(merged);
        if (mergedState.isPresent() && mergedState.get() instanceof PersonState.Forgotten) {
            throw new PersonNotFound("merged_person_id '" + merged
                    + "' no longer exists: it was forgotten (erased), so nothing is left to merge");
        }
        if (mergedState.isPresent() && mergedState.get() instanceof PersonState.Merged m) {
            if (persons.resolve(m.survivor()).equals(survivor)) {
                return new Merged(survivor, true, 0, 0, List.of(), consents.find(survivor), m.at());
            }
            throw new GovernanceException(GovernanceException.Kind.FAILED_PRECONDITION, "PERSON_ALREADY_MERGED",
                    "merged_person_id was already merged into another person");
        }
        if (survivor.equals(merged)) {
            throw new GovernanceException(GovernanceException.Kind.INVALID_ARGUMENT, "MERGE_INTO_SELF",
                    "resolves to the survivor itself (MERGE_INTO_SELF)", "merged_person_id");
        }
        // Redis must be reachable: the combined counters are rebuilt before anything is granted again.
        counters.probe(survivor);
        long movedEntries = ledger.reassign(merged, survivor);
        List<Reservation> moved = reservations.reassignHeld(merged, survivor, now);
        PersonConsents combined = combineConsents(merged, survivor, now);
        states.merged(merged, survivor, request.mergeId(), now);
        counters.delete(merged);
        List<String> voided = recheckHeld(survivor, now);
        return new Merged(survivor, false, movedEntries, moved.size(), List.copyOf(voided), combined, now);
    }

    /** Opt-out from either wins, else opt-in from either; do-not-contact if either; survivor's zone first. */
    private PersonConsents combineConsents(String merged, String survivor, Instant now) {
        PersonConsents from = consents.find(merged);
        for (int attempt = 0; attempt < 5; attempt++) {
            PersonConsents into = consents.find(survivor);
            Map<ContactPolicy.ChannelPurpose, PersonConsents.ChannelConsent> decisions = new LinkedHashMap<>();
            into.channelConsents().forEach(c -> decisions.put(c.key(), c));
            for (PersonConsents.ChannelConsent c : from.channelConsents()) {
                PersonConsents.ChannelConsent mine = decisions.get(c.key());
                if (ConsentPrecedence.mergedDecisionWins(c.status(), mine == null ? null : mine.status())) {
                    decisions.put(c.key(), c);
                }
            }
            PersonConsents.DoNotContact doNotContact = into.doNotContact();
            if (ConsentPrecedence.mergedDoNotContactWins(from.doNotContact() != null, from.doNotContactActive(),
                    into.doNotContact() != null, into.doNotContactActive())) {
                doNotContact = from.doNotContact();
            }
            if (from.revision() == 0) {
                return into;
            }
            PersonConsents result = new PersonConsents(survivor, List.copyOf(decisions.values()), doNotContact,
                    into.timeZone().isEmpty() ? from.timeZone() : into.timeZone(), into.revision() + 1, now);
            if (consents.replace(result, into.revision())) {
                consents.record(survivor, List.of(new ConsentChange("cc-" + UUID.randomUUID(),
                        ConsentChange.Kind.MERGE, null, null, null, null, into.doNotContactActive(),
                        result.doNotContactActive(), into.timeZone(), result.timeZone(), now, now, "identity-merge",
                        "", "", true, List.of(), merged)));
                consents.reassign(merged, survivor);
                return result;
            }
        }
        throw GovernanceException.consentChanging(GovernanceException.Kind.ABORTED,
                "the survivor's consents kept changing during the merge; retry with the same idempotency key");
    }

    /**
     * Rebuilds the survivor's counters from the combined ledger without any held reservation, then
     * grants the held ones again in arbitration order; those that no longer fit are voided.
     */
    private List<String> recheckHeld(String survivor, Instant now) {
        Optional<ContactPolicy> current = governing.find();
        if (current.isEmpty()) {
            counters.delete(survivor);
            return List.of();
        }
        ContactPolicy policy = current.get();
        List<Reservation> held = reservations.open(survivor, now).stream().map(ReservationStore.Open::reservation)
                .toList();
        GovernanceRules.Inputs read = inputs.inputs(policy, survivor, now);
        List<Reservation> ranked = new ArrayList<>(held);
        ranked.sort((a, b) -> Arbitration.ORDER.compare(a.candidate(policy), b.candidate(policy)));
        List<CounterStore.Item> items = new ArrayList<>();
        for (Reservation r : ranked) {
            ContactIntent intent = r.intent();
            boolean mayGrant = policy.division(intent.division()).isPresent()
                    && GovernanceRules.uncountedRulesAllow(read, intent);
            var fatigue = GovernanceRules.fatigueAt(read, intent.at());
            items.add(new CounterStore.Item(r.counted(), r.expiresAt(), mayGrant,
                    policy.division(intent.division()).isPresent()
                            ? GovernanceRules.counterRules(policy, intent, fatigue) : List.of(),
                    GovernanceRules.gapRules(policy, intent)));
        }
        for (int attempt = 0; attempt < 8; attempt++) {
            String epoch = counters.epoch(survivor);
            Instant from = now.minus(policy.lookback()).minus(java.time.Duration.ofDays(1));
            // the open reservations are the items granted again below
            LiveCounters.Snapshot loaded = live.snapshot(survivor, from, now,
                    ranked.stream().map(Reservation::reservationId).collect(Collectors.toSet()));
            if (!counters.load(survivor, epoch, from, read.consents().revision(), LiveCounters.keyTtl(policy),
                    loaded.made(), loaded.held())) {
                continue;
            }
            CounterStore.ReserveResult result = counters.reserve(survivor, now, now.minus(policy.lookback()),
                    Long.MAX_VALUE, LiveCounters.keyTtl(policy), items);
            if (result.status() != CounterStore.Status.OK) {
                continue;
            }
            List<String> voided = new ArrayList<>();
            for (int i = 0; i < ranked.size(); i++) {
                if (!result.grants()[i]) {
                    Reservation r = ranked.get(i);
                    Reservation closed = r.closed(ReservationLifecycle.State.VOIDED, now,
                            Reason.of("MERGE_CAPACITY_EXCEEDED",
                                    "after merging two persons, this reservation no longer fits the combined "
                                            + "contact rules"));
                    if (reservations.close(closed)) {
                        voided.add(r.reservationId());
                    }
                }
            }
            return voided;
        }
        throw GovernanceException.countersBusy(
                "the survivor's counters kept changing during the merge; retry with the same idempotency key");
    }
}
