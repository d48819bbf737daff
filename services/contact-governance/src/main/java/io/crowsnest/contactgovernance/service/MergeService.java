package io.crowsnest.contactgovernance.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Reason;
import io.crowsnest.contactgovernance.domain.Arbitration;
import io.crowsnest.contactgovernance.domain.ConsentPrecedence;
import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.domain.PersonNotFound;
import io.crowsnest.contactgovernance.domain.PersonState;
import io.crowsnest.contactgovernance.store.ConsentStore;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.LedgerStore;
import io.crowsnest.contactgovernance.store.PersonStateStore;
import io.crowsnest.contactgovernance.store.ReservationStore;
import io.crowsnest.contactgovernance.v1.ChannelConsent;
import io.crowsnest.contactgovernance.v1.ConsentChangeKind;
import io.crowsnest.contactgovernance.v1.ConsentChangeRecord;
import io.crowsnest.contactgovernance.v1.MergePersonsRequest;
import io.crowsnest.contactgovernance.v1.MergePersonsResponse;
import io.crowsnest.contactgovernance.v1.PersonConsents;
import io.crowsnest.contactgovernance.v1.Reservation;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;

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
    Idempotency idempotency;
    @Inject
    Clock clock;

    /** MergePersons (or identity's MERGED change), once per idempotency key. */
    public MergePersonsResponse merge(MergePersonsRequest request) {
        return idempotency.once("MergePersons", request.getIdempotencyKey(), request, MergePersonsResponse.parser(),
                () -> combine(request));
    }

    /** Identity's MERGED change: the same merge, once per idempotency key (the change's offset). */
    public void merge(String mergedPersonId, String survivorPersonId, String mergeId, String requestingSystem,
            String idempotencyKey) {
        merge(MergePersonsRequest.newBuilder().setMergedPersonId(mergedPersonId)
                .setSurvivorPersonId(survivorPersonId).setMergeId(mergeId).setRequestingSystem(requestingSystem)
                .setIdempotencyKey(idempotencyKey).build());
    }

    private MergePersonsResponse combine(MergePersonsRequest request) {
        Instant now = clock.instant();
        String merged = request.getMergedPersonId();
        String survivor = persons.resolve(request.getSurvivorPersonId());
        Optional<PersonState> mergedState = states.find(merged);
        if (mergedState.isPresent() && mergedState.get() instanceof PersonState.Forgotten) {
            throw new PersonNotFound("merged_person_id '" + merged
                    + "' no longer exists: it was forgotten (erased), so nothing is left to merge");
        }
        if (mergedState.isPresent() && mergedState.get() instanceof PersonState.Merged m) {
            if (persons.resolve(m.survivor()).equals(survivor)) {
                return MergePersonsResponse.newBuilder().setSurvivorPersonId(survivor).setAlreadyMerged(true)
                        .setConsents(consents.find(survivor)).setMergedAt(Timestamps.of(m.at())).build();
            }
            throw new GovernanceException(GovernanceException.Kind.FAILED_PRECONDITION, "PERSON_ALREADY_MERGED",
                    "merged_person_id was already merged into another person");
        }
        if (survivor.equals(merged)) {
            throw new GovernanceException(GovernanceException.Kind.INVALID_ARGUMENT, "MERGE_INTO_SELF",
                    "resolves to the survivor itself (MERGE_INTO_SELF)", "merged_person_id");
        }
        // Redis must be reachable: the combined counters are rebuilt before anything is granted again.
        counters.epoch(survivor);
        long movedEntries = ledger.reassign(merged, survivor);
        List<Reservation> moved = reservations.reassignHeld(merged, survivor, now);
        PersonConsents combined = combineConsents(merged, survivor, now);
        states.merged(merged, survivor, request.getMergeId(), now);
        counters.delete(merged);
        List<String> voided = recheckHeld(survivor, now);
        return MergePersonsResponse.newBuilder().setSurvivorPersonId(survivor).setLedgerEntriesMoved(movedEntries)
                .setReservationsMoved(moved.size()).addAllVoidedReservationIds(voided).setConsents(combined)
                .setMergedAt(Timestamps.of(now)).build();
    }

    /** Opt-out from either wins, else opt-in from either; do-not-contact if either; survivor's zone first. */
    private PersonConsents combineConsents(String merged, String survivor, Instant now) {
        PersonConsents from = consents.find(merged);
        for (int attempt = 0; attempt < 5; attempt++) {
            PersonConsents into = consents.find(survivor);
            Map<String, ChannelConsent> decisions = new LinkedHashMap<>();
            into.getChannelConsentsList().forEach(c -> decisions.put(c.getChannel() + "/" + c.getPurpose(), c));
            for (ChannelConsent c : from.getChannelConsentsList()) {
                String key = c.getChannel() + "/" + c.getPurpose();
                ChannelConsent mine = decisions.get(key);
                if (ConsentPrecedence.mergedDecisionWins(ContractMapping.status(c.getStatus()),
                        mine == null ? null : ContractMapping.status(mine.getStatus()))) {
                    decisions.put(key, c);
                }
            }
            PersonConsents.Builder out = into.toBuilder().setPersonId(survivor).clearChannelConsents()
                    .addAllChannelConsents(decisions.values());
            if (ConsentPrecedence.mergedDoNotContactWins(from.hasDoNotContact(), from.getDoNotContact().getActive(),
                    into.hasDoNotContact(), into.getDoNotContact().getActive())) {
                out.setDoNotContact(from.getDoNotContact());
            }
            if (into.getTimeZone().isEmpty()) {
                out.setTimeZone(from.getTimeZone());
            }
            if (from.getRevision() == 0) {
                return into;
            }
            out.setRevision(into.getRevision() + 1).setUpdatedAt(Timestamps.of(now));
            PersonConsents result = out.build();
            if (consents.replace(result, into.getRevision())) {
                consents.record(survivor, List.of(ConsentChangeRecord.newBuilder()
                        .setChangeId("cc-" + UUID.randomUUID()).setKind(ConsentChangeKind.CONSENT_CHANGE_KIND_MERGE)
                        .setMergedFromPersonId(merged).setObservedAt(Timestamps.of(now))
                        .setRecordedAt(Timestamps.of(now)).setSource("identity-merge").setApplied(true)
                        .setDoNotContactBefore(into.getDoNotContact().getActive())
                        .setDoNotContactAfter(result.getDoNotContact().getActive())
                        .setTimeZoneBefore(into.getTimeZone()).setTimeZoneAfter(result.getTimeZone()).build()));
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
        ranked.sort((a, b) -> Arbitration.ORDER.compare(candidate(a, policy), candidate(b, policy)));
        List<CounterStore.Item> items = new ArrayList<>();
        for (Reservation r : ranked) {
            ContactIntent intent = intent(r);
            boolean mayGrant = policy.division(intent.division()).isPresent()
                    && GovernanceRules.uncountedRulesAllow(read, intent);
            var fatigue = GovernanceRules.fatigueAt(read, intent.at());
            items.add(new CounterStore.Item(ReservationStore.counted(r), Timestamps.instant(r.getExpiresAt()), mayGrant,
                    policy.division(intent.division()).isPresent()
                            ? GovernanceRules.counterRules(policy, intent, fatigue) : List.of(),
                    GovernanceRules.gapRules(policy, intent)));
        }
        for (int attempt = 0; attempt < 8; attempt++) {
            String epoch = counters.epoch(survivor);
            Instant from = now.minus(policy.lookback()).minus(java.time.Duration.ofDays(1));
            var made = ledger.countedSince(survivor, from);
            if (!counters.load(survivor, epoch, from, read.consents().revision(), LiveCounters.keyTtl(policy), made,
                    List.of())) {
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
                    Reservation closed = r.toBuilder().setState(ReservationState.RESERVATION_STATE_VOIDED)
                            .setClosedAt(Timestamps.of(now)).setCloseReason(Reason.newBuilder()
                                    .setCode("MERGE_CAPACITY_EXCEEDED").setMessage("after merging two persons, this "
                                            + "reservation no longer fits the combined contact rules"))
                            .build();
                    if (reservations.close(closed)) {
                        voided.add(r.getReservationId());
                    }
                }
            }
            return voided;
        }
        throw GovernanceException.countersBusy(
                "the survivor's counters kept changing during the merge; retry with the same idempotency key");
    }

    static Arbitration.Candidate candidate(Reservation r, ContactPolicy policy) {
        var c = r.getContact();
        int priority = policy.division(c.getDivision().getId()).map(ContactPolicy.Division::priority).orElse(101);
        return new Arbitration.Candidate(r.getReservationId(), ContractMapping.category(c.getCategory()), priority,
                c.getExpectedValue().getAmountMinor(), Timestamps.instant(c.getPlannedAt()));
    }

    private static ContactIntent intent(Reservation r) {
        var c = r.getContact();
        return new ContactIntent(r.getPersonId(), ContractMapping.channel(c.getChannel()), c.getDivision().getId(),
                ContractMapping.category(c.getCategory()), c.getCampaignId(), Timestamps.instant(c.getPlannedAt()),
                c.getTimeZone().isEmpty() ? null : c.getTimeZone());
    }
}
