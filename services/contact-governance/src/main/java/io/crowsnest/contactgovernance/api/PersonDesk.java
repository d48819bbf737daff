package io.crowsnest.contactgovernance.api;

import java.time.Clock;

import io.crowsnest.platform.idempotency.Idempotency;
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
import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.store.ConsentStore;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.LedgerStore;
import io.crowsnest.contactgovernance.store.PersonStateStore;
import io.crowsnest.contactgovernance.store.ReservationStore;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.contactgovernance.v1.ChannelConsent;
import io.crowsnest.contactgovernance.v1.ConsentChangeKind;
import io.crowsnest.contactgovernance.v1.ConsentChangeRecord;
import io.crowsnest.contactgovernance.v1.ConsentStatus;
import io.crowsnest.contactgovernance.v1.ForgetPersonRequest;
import io.crowsnest.contactgovernance.v1.ForgetPersonResponse;
import io.crowsnest.contactgovernance.v1.MergePersonsRequest;
import io.crowsnest.contactgovernance.v1.MergePersonsResponse;
import io.crowsnest.contactgovernance.v1.PersonConsents;
import io.crowsnest.contactgovernance.v1.Reservation;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;

/**
 * Identity changes applied to governance's data: a merge combines ledgers, counters, held
 * reservations and consents under the survivor; forget erases a person and everyone merged into it.
 */
@ApplicationScoped
public class PersonDesk {

    @Inject
    Clock clock;

    @Inject
    PersonStateStore states;
    @Inject
    Persons persons;
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
    ReservationDesk desk;
    @Inject
    Idempotency idempotency;

    public MergePersonsResponse merge(MergePersonsRequest request) {
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        personId(request.getMergedPersonId(), "merged_person_id", v);
        personId(request.getSurvivorPersonId(), "survivor_person_id", v);
        if (!request.getMergedPersonId().isEmpty()
                && request.getMergedPersonId().equals(request.getSurvivorPersonId())) {
            v.add("merged_person_id", "must differ from survivor_person_id (MERGE_INTO_SELF)");
        }
        if (request.getMergeId().length() > 128) {
            v.add("merge_id", "must be at most 128 characters");
        }
        system(request.getRequestingSystem(), v);
        ContactChecks.idempotencyKey(request.getIdempotencyKey(), v);
        v.throwIfAny();
        return idempotency.once("MergePersons", request.getIdempotencyKey(), request, MergePersonsResponse.parser(),
                () -> combine(request));
    }

    private MergePersonsResponse combine(MergePersonsRequest request) {
        Instant now = clock.instant();
        String merged = request.getMergedPersonId();
        String survivor = persons.resolve(request.getSurvivorPersonId());
        Optional<PersonStateStore.State> mergedState = states.find(merged);
        if (mergedState.isPresent() && mergedState.get() instanceof PersonStateStore.Forgotten) {
            throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "PERSON_FORGOTTEN",
                    "merged_person_id was forgotten; nothing is left to merge");
        }
        if (mergedState.isPresent() && mergedState.get() instanceof PersonStateStore.Merged m) {
            if (persons.resolve(m.survivor()).equals(survivor)) {
                return MergePersonsResponse.newBuilder().setSurvivorPersonId(survivor).setAlreadyMerged(true)
                        .setConsents(consents.find(survivor)).setMergedAt(Timestamps.of(m.at())).build();
            }
            throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "PERSON_ALREADY_MERGED",
                    "merged_person_id was already merged into another person");
        }
        if (survivor.equals(merged)) {
            throw GrpcErrors.invalid("merged_person_id", "resolves to the survivor itself (MERGE_INTO_SELF)",
                    "MERGE_INTO_SELF");
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
                if (mine == null || strength(c.getStatus()) > strength(mine.getStatus())) {
                    decisions.put(key, c);
                }
            }
            PersonConsents.Builder out = into.toBuilder().setPersonId(survivor).clearChannelConsents()
                    .addAllChannelConsents(decisions.values());
            if (from.getDoNotContact().getActive() && !into.getDoNotContact().getActive()) {
                out.setDoNotContact(from.getDoNotContact());
            } else if (!into.hasDoNotContact() && from.hasDoNotContact()) {
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
        throw GrpcErrors.error(Status.Code.ABORTED, "CONSENT_CHANGING",
                "the survivor's consents kept changing during the merge; retry with the same idempotency key");
    }

    private static int strength(ConsentStatus status) {
        return switch (status) {
            case CONSENT_STATUS_OPTED_OUT -> 2;
            case CONSENT_STATUS_OPTED_IN -> 1;
            default -> 0;
        };
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
        GovernanceRules.Inputs inputs = desk.inputs(policy, survivor, now);
        List<Reservation> ranked = new ArrayList<>(held);
        ranked.sort((a, b) -> Arbitration.ORDER.compare(candidate(a, policy), candidate(b, policy)));
        List<CounterStore.Item> items = new ArrayList<>();
        for (Reservation r : ranked) {
            ContactIntent intent = intent(r);
            boolean mayGrant = policy.division(intent.division()).isPresent()
                    && GovernanceRules.uncountedRulesAllow(inputs, intent);
            var fatigue = GovernanceRules.fatigueAt(inputs, intent.at());
            items.add(new CounterStore.Item(Mapping.counted(r), Timestamps.instant(r.getExpiresAt()), mayGrant,
                    policy.division(intent.division()).isPresent()
                            ? GovernanceRules.counterRules(policy, intent, fatigue) : List.of(),
                    GovernanceRules.gapRules(policy, intent)));
        }
        for (int attempt = 0; attempt < 8; attempt++) {
            String epoch = counters.epoch(survivor);
            Instant from = now.minus(policy.lookback()).minus(java.time.Duration.ofDays(1));
            var made = ledger.since(survivor, from).stream().map(Mapping::counted).toList();
            if (!counters.load(survivor, epoch, from, inputs.consents().revision(), LiveCounters.keyTtl(policy), made,
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
        throw GrpcErrors.error(Status.Code.UNAVAILABLE, "COUNTERS_BUSY",
                "the survivor's counters kept changing during the merge; retry with the same idempotency key");
    }

    static Arbitration.Candidate candidate(Reservation r, ContactPolicy policy) {
        var c = r.getContact();
        int priority = policy.division(c.getDivision().getId()).map(ContactPolicy.Division::priority).orElse(101);
        return new Arbitration.Candidate(r.getReservationId(), Mapping.category(c.getCategory()), priority,
                c.getExpectedValue().getAmountMinor(), Timestamps.instant(c.getPlannedAt()));
    }

    private static ContactIntent intent(Reservation r) {
        var c = r.getContact();
        return new ContactIntent(r.getPersonId(), Mapping.channel(c.getChannel()), c.getDivision().getId(),
                Mapping.category(c.getCategory()), c.getCampaignId(), Timestamps.instant(c.getPlannedAt()),
                c.getTimeZone().isEmpty() ? null : c.getTimeZone());
    }

    // ------------------------------------------------------------------ forget

    public ForgetPersonResponse forget(ForgetPersonRequest request) {
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        personId(request.getPersonId(), "person_id", v);
        if (request.getReason().getCode().isEmpty()) {
            v.add("reason.code", "is required, e.g. GDPR_ERASURE");
        }
        system(request.getRequestingSystem(), v);
        ContactChecks.idempotencyKey(request.getIdempotencyKey(), v);
        v.throwIfAny();
        return idempotency.once("ForgetPerson", request.getIdempotencyKey(), request, ForgetPersonResponse.parser(),
                () -> erase(request.getPersonId()));
    }

    private ForgetPersonResponse erase(String personId) {
        Instant now = clock.instant();
        Optional<PersonStateStore.State> state = states.find(personId);
        if (state.isPresent() && state.get() instanceof PersonStateStore.Forgotten f) {
            return ForgetPersonResponse.newBuilder().addForgottenPersonIds(personId).setAlreadyForgotten(true)
                    .setForgottenAt(Timestamps.of(f.at())).build();
        }
        String survivor = persons.resolve(personId);
        List<String> ids = new ArrayList<>();
        ids.add(survivor);
        ids.addAll(states.mergedInto(survivor));
        boolean known = ids.size() > 1 || ledger.any(survivor) || reservations.any(survivor)
                || consents.any(survivor);
        if (!known) {
            throw GrpcErrors.error(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND",
                    "governance holds nothing about person '" + personId + "'");
        }
        counters.epoch(survivor);
        long erased = 0;
        int voided = 0;
        for (String id : ids) {
            for (Reservation r : reservations.open(id, now).stream().map(ReservationStore.Open::reservation)
                    .toList()) {
                if (reservations.close(r.toBuilder().setState(ReservationState.RESERVATION_STATE_VOIDED)
                        .setClosedAt(Timestamps.of(now))
                        .setCloseReason(Reason.newBuilder().setCode("PERSON_FORGOTTEN")).build())) {
                    voided++;
                }
            }
            counters.delete(id);
            reservations.deleteAll(id);
            erased += ledger.deleteAll(id);
            consents.deleteAll(id);
            states.forgotten(id, now);
        }
        return ForgetPersonResponse.newBuilder().addAllForgottenPersonIds(ids).setLedgerEntriesErased(erased)
                .setReservationsVoided(voided).setForgottenAt(Timestamps.of(now)).build();
    }

    private static void personId(String id, String field, GrpcErrors.Violations v) {
        if (!ContactChecks.PERSON_ID.matcher(id).matches()) {
            v.add(field, id.isEmpty() ? "is required" : "must be 1 to 64 characters of letters, digits and . _ : @ -");
        }
    }

    private static void system(String system, GrpcErrors.Violations v) {
        if (!ContactChecks.SYSTEM.matcher(system).matches()) {
            v.add("requesting_system", "must be 1 to 64 characters of a-z, 0-9 and -, got '" + system + "'");
        }
    }
}
