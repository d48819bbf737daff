package io.crowsnest.contactgovernance.api;

import java.time.Clock;

import io.crowsnest.platform.idempotency.Idempotency;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.FatigueHistory;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.domain.Verdict;
import io.crowsnest.contactgovernance.store.ConsentStore;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.LedgerStore;
import io.crowsnest.contactgovernance.store.ReservationStore;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.contactgovernance.v1.CheckEligibilityRequest;
import io.crowsnest.contactgovernance.v1.CheckEligibilityResponse;
import io.crowsnest.contactgovernance.v1.CommitReservationRequest;
import io.crowsnest.contactgovernance.v1.CommitReservationResponse;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.GetReservationRequest;
import io.crowsnest.contactgovernance.v1.GetReservationResponse;
import io.crowsnest.contactgovernance.v1.LedgerEntry;
import io.crowsnest.contactgovernance.v1.LedgerEntrySource;
import io.crowsnest.contactgovernance.v1.OutcomeRecord;
import io.crowsnest.contactgovernance.v1.RecordContactOutcomeRequest;
import io.crowsnest.contactgovernance.v1.RecordContactOutcomeResponse;
import io.crowsnest.contactgovernance.v1.RecordExternalContactRequest;
import io.crowsnest.contactgovernance.v1.RecordExternalContactResponse;
import io.crowsnest.contactgovernance.v1.ReleaseReservationRequest;
import io.crowsnest.contactgovernance.v1.ReleaseReservationResponse;
import io.crowsnest.contactgovernance.v1.Reservation;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.contactgovernance.v1.ReserveContactRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactResponse;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;

/**
 * Eligibility, reserve, commit, release and external contacts: every path that counts a contact
 * goes through the one atomic step of {@link LiveCounters}.
 */
@ApplicationScoped
public class ReservationDesk {

    @Inject
    Clock clock;

    private static final Logger LOG = Logger.getLogger(ReservationDesk.class);

    static final Duration DEFAULT_TTL = Duration.ofSeconds(900);
    static final Duration MAX_TTL = Duration.ofSeconds(86_400);
    static final Duration CHECK_AHEAD = Duration.ofDays(90);
    static final Duration EXTERNAL_MAX_AGE = Duration.ofDays(400);
    private static final int CONSENT_RETRIES = 5;

    @Inject
    GoverningPolicy governing;
    @Inject
    LiveCounters live;
    @Inject
    ReservationStore reservations;
    @Inject
    LedgerStore ledger;
    @Inject
    ConsentStore consents;
    @Inject
    Persons persons;
    @Inject
    Idempotency idempotency;

    // ------------------------------------------------------------------ eligibility

    public CheckEligibilityResponse check(CheckEligibilityRequest request) {
        Instant now = clock.instant();
        ContactPolicy policy = governing.current();
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        Instant at = ContactChecks.planned(request.getContact(), "contact.planned_at", now, now.plus(CHECK_AHEAD),
                "90 days ahead", v);
        ContactIntent intent = ContactChecks.contact(request.getContact(), "contact", policy, at, v);
        v.throwIfAny();
        intent = withPerson(intent, request.getContact().getPerson(), "contact.person");
        GovernanceRules.Inputs inputs = inputs(policy, intent.personId(), now);
        List<CountedContact> snapshot = List.of();
        if (needsCounters(inputs, intent)) {
            snapshot = live.reserve(intent.personId(), policy, Long.MAX_VALUE, List.of(), now).snapshot();
        }
        Verdict verdict = GovernanceRules.evaluate(inputs, intent, snapshot, now);
        return CheckEligibilityResponse.newBuilder().setVerdict(Mapping.verdict(verdict)).build();
    }

    // ------------------------------------------------------------------ reserve

    public ReserveContactResponse reserve(ReserveContactRequest request) {
        Instant now = clock.instant();
        ContactPolicy policy = governing.current();
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        Duration ttl = ttl(request.getTtlSeconds(), "ttl_seconds", v);
        Instant expires = now.plus(ttl);
        Instant at = ContactChecks.planned(request.getContact(), "contact.planned_at", now, expires,
                "the reservation's expiry", v);
        ContactIntent checked = ContactChecks.contact(request.getContact(), "contact", policy, at, v);
        ContactChecks.idempotencyKey(request.getIdempotencyKey(), v);
        v.throwIfAny();
        ContactIntent intent = withPerson(checked, request.getContact().getPerson(), "contact.person");
        String reservationId = "rsv-" + digest("ReserveContact:" + request.getIdempotencyKey());
        return idempotency.once("ReserveContact", request.getIdempotencyKey(), request,
                ReserveContactResponse.parser(),
                () -> takeCapacity(policy, intent, request.getContact(), reservationId, now, expires));
    }

    private ReserveContactResponse takeCapacity(ContactPolicy policy, ContactIntent intent, ContactRequest contact,
            String reservationId, Instant now, Instant expires) {
        Reservation held = Reservation.newBuilder()
                .setReservationId(reservationId)
                .setPersonId(intent.personId())
                .setContact(contact.toBuilder().setPerson(PersonRef.newBuilder().setPersonId(intent.personId()))
                        .setPlannedAt(Timestamps.of(intent.at())))
                .setState(ReservationState.RESERVATION_STATE_HELD)
                .setCreatedAt(Timestamps.of(now))
                .setExpiresAt(Timestamps.of(expires))
                .setPolicy(Mapping.ref(policy.ref()))
                .build();
        CountedContact counted = Mapping.counted(held);
        for (int attempt = 0; attempt < CONSENT_RETRIES; attempt++) {
            GovernanceRules.Inputs inputs = inputs(policy, intent.personId(), now);
            boolean mayGrant = GovernanceRules.uncountedRulesAllow(inputs, intent);
            if (!needsCounters(inputs, intent)) {
                Verdict verdict = GovernanceRules.evaluate(inputs, intent, List.of(), now);
                if (verdict.allowed()) {
                    reservations.insert(held);
                }
                return reserveResponse(verdict, verdict.allowed(), held);
            }
            // Stored before capacity is taken: a rebuild meanwhile counts it rather than miss it.
            if (mayGrant) {
                reservations.insertPending(held);
            }
            CounterStore.ReserveResult result;
            try {
                result = live.reserve(intent.personId(), policy, inputs.consents().revision(),
                        List.of(item(inputs, intent, counted, expires, mayGrant)), now);
            } catch (RuntimeException e) {
                reservations.delete(reservationId);
                throw e;
            }
            if (result.status() == CounterStore.Status.CONSENT_STALE) {
                reservations.delete(reservationId);
                continue;
            }
            Verdict verdict = GovernanceRules.evaluate(inputs, intent, result.snapshot(), now);
            boolean granted = result.grants()[0];
            if (granted && !verdict.allowed()) {
                LOG.errorf("counters granted %s but the rules explain a refusal; releasing it", reservationId);
                live.release(intent.personId(), List.of(counted), now);
                granted = false;
            }
            if (!granted) {
                reservations.delete(reservationId);
                if (mayGrant) {
                    // A rebuild may have loaded it while it was PENDING; releasing also makes any
                    // rebuild still reading MongoDB start over.
                    live.release(intent.personId(), List.of(counted), now);
                }
                return reserveResponse(verdict, false, held);
            }
            if (!live.confirm(intent.personId(), counted, expires, now)) {
                // An opt-out voided it between the grant and now: the answer is the rules as they are now.
                GovernanceRules.Inputs after = inputs(policy, intent.personId(), now);
                return reserveResponse(GovernanceRules.evaluate(after, intent, result.snapshot(), now), false, held);
            }
            return reserveResponse(verdict, true, held);
        }
        throw GrpcErrors.error(Status.Code.UNAVAILABLE, "CONSENT_CHANGING",
                "the person's consent kept changing during the reservation; retry with the same idempotency key");
    }

    private static ReserveContactResponse reserveResponse(Verdict verdict, boolean granted, Reservation held) {
        ReserveContactResponse.Builder out = ReserveContactResponse.newBuilder().setGranted(granted)
                .setVerdict(Mapping.verdict(verdict));
        if (granted) {
            out.setReservationId(held.getReservationId()).setExpiresAt(held.getExpiresAt());
        }
        return out.build();
    }

    static CounterStore.Item item(GovernanceRules.Inputs inputs, ContactIntent intent, CountedContact counted,
            Instant expires, boolean mayGrant) {
        var fatigue = GovernanceRules.fatigueAt(inputs, intent.at());
        return new CounterStore.Item(counted, expires, mayGrant,
                GovernanceRules.counterRules(inputs.policy(), intent, fatigue),
                GovernanceRules.gapRules(inputs.policy(), intent));
    }

    static boolean needsCounters(GovernanceRules.Inputs inputs, ContactIntent intent) {
        var fatigue = GovernanceRules.fatigueAt(inputs, intent.at());
        return !GovernanceRules.counterRules(inputs.policy(), intent, fatigue).isEmpty()
                || !GovernanceRules.gapRules(inputs.policy(), intent).isEmpty();
    }

    // ------------------------------------------------------------------ get, commit, release

    public GetReservationResponse get(GetReservationRequest request) {
        reservationId(request.getReservationId(), new GrpcErrors.Violations()).throwIfAny();
        return GetReservationResponse.newBuilder().setReservation(find(request.getReservationId(), clock.instant()))
                .build();
    }

    public CommitReservationResponse commit(CommitReservationRequest request) {
        Instant now = clock.instant();
        GrpcErrors.Violations v = reservationId(request.getReservationId(), new GrpcErrors.Violations());
        ContactChecks.idempotencyKey(request.getIdempotencyKey(), v);
        if (request.getExternalRef().length() > 256) {
            v.add("external_ref", "must be at most 256 characters");
        }
        if (request.hasContactedAt() && Timestamps.instant(request.getContactedAt()).isAfter(now.plus(ContactChecks.SKEW))) {
            v.add("contacted_at", "must not be in the future, got " + Timestamps.instant(request.getContactedAt()));
        }
        v.throwIfAny();
        return idempotency.once("CommitReservation", request.getIdempotencyKey(), request,
                CommitReservationResponse.parser(), () -> commitHeld(request, now));
    }

    private CommitReservationResponse commitHeld(CommitReservationRequest request, Instant now) {
        Reservation r = find(request.getReservationId(), now);
        String entryId = "le-" + r.getReservationId();
        if (r.getState() == ReservationState.RESERVATION_STATE_COMMITTED) {
            return CommitReservationResponse.newBuilder().setEntry(ensureEntry(r, request, now)).setAlreadyCommitted(true)
                    .build();
        }
        refuseClosed(r, "committed");
        Instant contactedAt = request.hasContactedAt() ? Timestamps.instant(request.getContactedAt()) : now;
        if (contactedAt.isBefore(Timestamps.instant(r.getCreatedAt()))) {
            throw GrpcErrors.invalid("contacted_at", "must not be before the reservation was created ("
                    + Timestamps.instant(r.getCreatedAt()) + "), got " + contactedAt);
        }
        Reservation committed = r.toBuilder().setState(ReservationState.RESERVATION_STATE_COMMITTED)
                .setClosedAt(Timestamps.of(now)).setLedgerEntryId(entryId).build();
        if (!reservations.close(committed)) {
            Reservation current = find(r.getReservationId(), now);
            if (current.getState() == ReservationState.RESERVATION_STATE_COMMITTED) {
                return CommitReservationResponse.newBuilder().setEntry(ensureEntry(current, request, now))
                        .setAlreadyCommitted(true).build();
            }
            refuseClosed(current, "committed");
        }
        LedgerEntry entry = ensureEntry(committed, request, now);
        // The version it was granted under sets the keys' lifetime; a later version with a longer
        // lookback is caught by the next reserve, which rebuilds counters that reach back too little.
        ContactPolicy policy = governing.rules(r.getPolicy().getPolicyId(), r.getPolicy().getVersion());
        live.commit(r.getPersonId(), Mapping.counted(r), Mapping.counted(entry), policy, now);
        return CommitReservationResponse.newBuilder().setEntry(entry).build();
    }

    /** The ledger entry of a committed reservation, written now if an earlier attempt stopped short. */
    private LedgerEntry ensureEntry(Reservation r, CommitReservationRequest request, Instant now) {
        String entryId = "le-" + r.getReservationId();
        var c = r.getContact();
        LedgerEntry entry = LedgerEntry.newBuilder()
                .setEntryId(entryId)
                .setPersonId(r.getPersonId())
                .setChannel(c.getChannel())
                .setDivision(c.getDivision())
                .setCategory(c.getCategory())
                .setCampaignId(c.getCampaignId())
                .setActionId(c.getActionId())
                .setContactedAt(request.hasContactedAt() ? request.getContactedAt() : Timestamps.of(now))
                .setRecordedAt(Timestamps.of(now))
                .setSource(LedgerEntrySource.LEDGER_ENTRY_SOURCE_RESERVATION)
                .setReservationId(r.getReservationId())
                .setExternalRef(request.getExternalRef())
                .setRequestingSystem(c.getRequestingSystem())
                .setAgentId(c.getAgentId())
                .setOutcome(ContactOutcome.CONTACT_OUTCOME_PENDING)
                .setPolicy(r.getPolicy())
                .build();
        // Written first, read only when it was there already (a retry): one round trip when new.
        if (ledger.insert(entry)) {
            return entry;
        }
        return ledger.find(entryId).orElse(entry);
    }

    public ReleaseReservationResponse release(ReleaseReservationRequest request) {
        Instant now = clock.instant();
        GrpcErrors.Violations v = reservationId(request.getReservationId(), new GrpcErrors.Violations());
        if (request.getReason().getCode().isEmpty()) {
            v.add("reason.code", "is required, e.g. SEND_CANCELLED");
        }
        ContactChecks.idempotencyKey(request.getIdempotencyKey(), v);
        v.throwIfAny();
        return idempotency.once("ReleaseReservation", request.getIdempotencyKey(), request,
                ReleaseReservationResponse.parser(), () -> {
                    Reservation r = find(request.getReservationId(), now);
                    if (r.getState() == ReservationState.RESERVATION_STATE_COMMITTED) {
                        throw closedError(r, "released");
                    }
                    if (r.getState() != ReservationState.RESERVATION_STATE_HELD) {
                        return ReleaseReservationResponse.newBuilder().setReservation(r).setReleased(false).build();
                    }
                    Reservation released = r.toBuilder().setState(ReservationState.RESERVATION_STATE_RELEASED)
                            .setClosedAt(Timestamps.of(now)).setCloseReason(request.getReason()).build();
                    if (!reservations.close(released)) {
                        Reservation current = find(r.getReservationId(), now);
                        if (current.getState() == ReservationState.RESERVATION_STATE_COMMITTED) {
                            throw closedError(current, "released");
                        }
                        return ReleaseReservationResponse.newBuilder().setReservation(current).setReleased(false)
                                .build();
                    }
                    live.release(r.getPersonId(), List.of(Mapping.counted(r)), now);
                    return ReleaseReservationResponse.newBuilder().setReservation(released).setReleased(true).build();
                });
    }

    private Reservation find(String reservationId, Instant now) {
        return reservations.find(reservationId, now).orElseThrow(() -> GrpcErrors.error(Status.Code.NOT_FOUND,
                "RESERVATION_NOT_FOUND", "no reservation '" + reservationId + "'"));
    }

    private static void refuseClosed(Reservation r, String verb) {
        if (r.getState() != ReservationState.RESERVATION_STATE_HELD) {
            throw closedError(r, verb);
        }
    }

    private static RuntimeException closedError(Reservation r, String verb) {
        String state = stateWord(r.getState());
        String reason = "RESERVATION_" + state.toUpperCase();
        String why = r.hasCloseReason() && !r.getCloseReason().getMessage().isEmpty()
                ? " (" + r.getCloseReason().getCode() + ": " + r.getCloseReason().getMessage() + ")"
                : r.hasCloseReason() ? " (" + r.getCloseReason().getCode() + ")" : "";
        return GrpcErrors.error(Status.Code.FAILED_PRECONDITION, reason, "reservation " + r.getReservationId()
                + " cannot be " + verb + ": it was " + state + " at " + Timestamps.instant(r.getClosedAt()) + why);
    }

    private static GrpcErrors.Violations reservationId(String id, GrpcErrors.Violations v) {
        if (id.isEmpty()) {
            v.add("reservation_id", "is required");
        } else if (!id.matches("rsv-[0-9a-f]{32}")) {
            v.add("reservation_id", "'" + id + "' is not a reservation id (rsv- and 32 hex digits)");
        }
        return v;
    }

    // ------------------------------------------------------------------ external contacts

    public RecordExternalContactResponse recordExternal(RecordExternalContactRequest request) {
        Instant now = clock.instant();
        ContactPolicy policy = governing.current();
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        Instant at = null;
        if (!request.hasContactedAt()) {
            v.add("contacted_at", "is required");
        } else {
            at = Timestamps.instant(request.getContactedAt());
            if (at.isAfter(now.plus(ContactChecks.SKEW))) {
                v.add("contacted_at", "must not be in the future, got " + at);
            } else if (at.isBefore(now.minus(EXTERNAL_MAX_AGE))) {
                v.add("contacted_at", "must be at most 400 days old, got " + at);
            }
        }
        ContactIntent checked = ContactChecks.contact(request.getContact(), "contact", policy, at, v);
        if (request.getInitialOutcome() == ContactOutcome.CONTACT_OUTCOME_PENDING
                || request.getInitialOutcome() == ContactOutcome.UNRECOGNIZED) {
            v.add("initial_outcome", "must be DELIVERED, FAILED or RESPONDED, or left unspecified for PENDING");
        }
        if (request.getExternalRef().length() > 256) {
            v.add("external_ref", "must be at most 256 characters");
        }
        ContactChecks.idempotencyKey(request.getIdempotencyKey(), v);
        v.throwIfAny();
        ContactIntent intent = withPerson(checked, request.getContact().getPerson(), "contact.person");
        String entryId = "le-x-" + digest("RecordExternalContact:" + request.getIdempotencyKey());
        return idempotency.once("RecordExternalContact", request.getIdempotencyKey(), request,
                RecordExternalContactResponse.parser(), () -> recordExternal(policy, intent, request, entryId, now));
    }

    private RecordExternalContactResponse recordExternal(ContactPolicy policy, ContactIntent intent,
            RecordExternalContactRequest request, String entryId, Instant now) {
        var c = request.getContact();
        ContactOutcome outcome = request.getInitialOutcome() == ContactOutcome.CONTACT_OUTCOME_UNSPECIFIED
                ? ContactOutcome.CONTACT_OUTCOME_PENDING
                : request.getInitialOutcome();
        LedgerEntry.Builder entry = LedgerEntry.newBuilder()
                .setEntryId(entryId)
                .setPersonId(intent.personId())
                .setChannel(c.getChannel())
                .setDivision(DivisionRef.newBuilder().setId(intent.division()))
                .setCategory(c.getCategory())
                .setCampaignId(c.getCampaignId())
                .setActionId(c.getActionId())
                .setContactedAt(request.getContactedAt())
                .setRecordedAt(Timestamps.of(now))
                .setSource(LedgerEntrySource.LEDGER_ENTRY_SOURCE_EXTERNAL)
                .setExternalRef(request.getExternalRef())
                .setRequestingSystem(c.getRequestingSystem())
                .setAgentId(c.getAgentId())
                .setOutcome(outcome)
                .setPolicy(Mapping.ref(policy.ref()));
        if (outcome != ContactOutcome.CONTACT_OUTCOME_PENDING) {
            entry.addOutcomeHistory(OutcomeRecord.newBuilder().setOutcome(outcome)
                    .setOccurredAt(request.getContactedAt()).setRecordedAt(Timestamps.of(now))
                    .setSource(c.getRequestingSystem()));
        }
        CountedContact made = new CountedContact(entryId, intent.at(), intent.channel(), intent.division(),
                intent.category(), intent.campaignId(), false);
        for (int attempt = 0; attempt < CONSENT_RETRIES; attempt++) {
            GovernanceRules.Inputs inputs = inputs(policy, intent.personId(), now);
            if (!needsCounters(inputs, intent)) {
                Verdict verdict = GovernanceRules.evaluate(inputs, intent, List.of(), now);
                return writeExternal(entry, verdict, verdict.allowed(), request.getOverride(), null, made, policy, now);
            }
            // The same atomic step as a reservation: the contact is held while it is written.
            CountedContact hold = new CountedContact(entryId, intent.at(), intent.channel(), intent.division(),
                    intent.category(), intent.campaignId(), true);
            boolean mayGrant = GovernanceRules.uncountedRulesAllow(inputs, intent);
            CounterStore.ReserveResult result = live.reserve(intent.personId(), policy, inputs.consents().revision(),
                    List.of(item(inputs, intent, hold, now.plus(Duration.ofMinutes(5)), mayGrant)), now);
            if (result.status() == CounterStore.Status.CONSENT_STALE) {
                continue;
            }
            Verdict verdict = GovernanceRules.evaluate(inputs, intent, result.snapshot(), now);
            boolean allowed = result.grants()[0] && verdict.allowed();
            return writeExternal(entry, verdict, allowed, request.getOverride(), result.grants()[0] ? hold : null, made,
                    policy, now);
        }
        throw GrpcErrors.error(Status.Code.UNAVAILABLE, "CONSENT_CHANGING",
                "the person's consent kept changing; retry with the same idempotency key");
    }

    private RecordExternalContactResponse writeExternal(LedgerEntry.Builder entry, Verdict verdict, boolean allowed,
            boolean override, CountedContact hold, CountedContact made, ContactPolicy policy, Instant now) {
        RecordExternalContactResponse.Builder out = RecordExternalContactResponse.newBuilder()
                .setVerdict(Mapping.verdict(verdict));
        if (!allowed && !override) {
            if (hold != null) {
                live.release(entry.getPersonId(), List.of(hold), now);
            }
            return out.setRecorded(false).build();
        }
        if (!allowed) {
            entry.setOverridden(true);
            verdict.violations().forEach(x -> entry.addOverriddenViolations(Mapping.violation(x)));
        }
        LedgerEntry written = entry.build();
        ledger.insert(written);
        live.commit(written.getPersonId(), hold, made, policy, now);
        return out.setRecorded(true).setOverridden(!allowed).setEntry(written).build();
    }

    // ------------------------------------------------------------------ outcomes

    public RecordContactOutcomeResponse recordOutcome(RecordContactOutcomeRequest request) {
        Instant now = clock.instant();
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        switch (request.getContactRefCase()) {
            case LEDGER_ENTRY_ID -> {
                if (request.getLedgerEntryId().isEmpty()) {
                    v.add("ledger_entry_id", "is required");
                }
            }
            case RESERVATION_ID -> reservationId(request.getReservationId(), v);
            default -> v.add("contact_ref", "set exactly one of ledger_entry_id or reservation_id");
        }
        ContactOutcome outcome = request.getOutcome();
        if (outcome != ContactOutcome.CONTACT_OUTCOME_DELIVERED && outcome != ContactOutcome.CONTACT_OUTCOME_FAILED
                && outcome != ContactOutcome.CONTACT_OUTCOME_RESPONDED) {
            v.add("outcome", "must be DELIVERED, FAILED or RESPONDED");
        }
        if (!request.hasOccurredAt()) {
            v.add("occurred_at", "is required");
        } else if (Timestamps.instant(request.getOccurredAt()).isAfter(now.plus(ContactChecks.SKEW))) {
            v.add("occurred_at", "must not be in the future");
        }
        if (!ContactChecks.SYSTEM.matcher(request.getSource()).matches()) {
            v.add("source", "must be 1 to 64 characters of a-z, 0-9 and -, got '" + request.getSource() + "'");
        }
        ContactChecks.idempotencyKey(request.getIdempotencyKey(), v);
        v.throwIfAny();
        return idempotency.once("RecordContactOutcome", request.getIdempotencyKey(), request,
                RecordContactOutcomeResponse.parser(), () -> {
                    LedgerEntry entry = entryOf(request, now);
                    Instant occurred = Timestamps.instant(request.getOccurredAt());
                    if (occurred.isBefore(Timestamps.instant(entry.getContactedAt()))) {
                        throw GrpcErrors.invalid("occurred_at", "must not be before the contact was made ("
                                + Timestamps.instant(entry.getContactedAt()) + "), got " + occurred);
                    }
                    ContactOutcome current = entry.getOutcome();
                    if (current == outcome) {
                        return RecordContactOutcomeResponse.newBuilder().setEntry(entry).setChanged(false).build();
                    }
                    if (rank(outcome) <= rank(current)) {
                        throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "OUTCOME_REGRESSION",
                                "outcome cannot move from " + word(current) + " to " + word(outcome));
                    }
                    OutcomeRecord.Builder record = OutcomeRecord.newBuilder().setOutcome(outcome)
                            .setOccurredAt(request.getOccurredAt()).setRecordedAt(Timestamps.of(now))
                            .setSource(request.getSource());
                    if (request.hasDetail()) {
                        record.setDetail(request.getDetail());
                    }
                    LedgerEntry updated = entry.toBuilder().setOutcome(outcome).addOutcomeHistory(record).build();
                    if (!ledger.updateOutcome(updated, current)) {
                        throw GrpcErrors.error(Status.Code.ABORTED, "OUTCOME_CHANGED",
                                "the outcome changed concurrently; retry with the same idempotency key");
                    }
                    return RecordContactOutcomeResponse.newBuilder().setEntry(updated).setChanged(true).build();
                });
    }

    private LedgerEntry entryOf(RecordContactOutcomeRequest request, Instant now) {
        if (request.hasLedgerEntryId()) {
            return ledger.find(request.getLedgerEntryId()).orElseThrow(() -> GrpcErrors.error(Status.Code.NOT_FOUND,
                    "LEDGER_ENTRY_NOT_FOUND", "no ledger entry '" + request.getLedgerEntryId() + "'"));
        }
        Reservation r = find(request.getReservationId(), now);
        if (r.getState() != ReservationState.RESERVATION_STATE_COMMITTED) {
            throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "RESERVATION_NOT_COMMITTED",
                    "reservation " + r.getReservationId() + " is " + stateWord(r.getState())
                            + ", not committed: only contacts made have outcomes");
        }
        return ledger.find(r.getLedgerEntryId()).orElseThrow(() -> GrpcErrors.error(Status.Code.NOT_FOUND,
                "LEDGER_ENTRY_NOT_FOUND", "the ledger entry of reservation " + r.getReservationId() + " is missing"));
    }

    static String stateWord(ReservationState state) {
        return state.name().substring("RESERVATION_STATE_".length()).toLowerCase(java.util.Locale.ROOT);
    }

    private static int rank(ContactOutcome outcome) {
        return switch (outcome) {
            case CONTACT_OUTCOME_DELIVERED, CONTACT_OUTCOME_FAILED -> 1;
            case CONTACT_OUTCOME_RESPONDED -> 2;
            default -> 0;
        };
    }

    private static String word(ContactOutcome outcome) {
        return outcome.name().substring("CONTACT_OUTCOME_".length());
    }

    // ------------------------------------------------------------------ shared

    /** Consents and fatigue history of the person, read before the atomic step. */
    GovernanceRules.Inputs inputs(ContactPolicy policy, String personId, Instant now) {
        var consentState = Mapping.consents(consents.find(personId));
        FatigueHistory history = FatigueHistory.EMPTY;
        if (policy.fatigue().isPresent()) {
            Instant from = now.minus(policy.fatigue().get().window()).minus(Duration.ofDays(1));
            Instant lastResponse = null;
            List<FatigueHistory.Contact> contacts = new java.util.ArrayList<>();
            for (LedgerEntry e : ledger.since(personId, from)) {
                Instant responded = null;
                for (OutcomeRecord o : e.getOutcomeHistoryList()) {
                    if (o.getOutcome() == ContactOutcome.CONTACT_OUTCOME_RESPONDED) {
                        responded = Timestamps.instant(o.getOccurredAt());
                    }
                }
                if (responded != null && (lastResponse == null || responded.isAfter(lastResponse))) {
                    lastResponse = responded;
                }
                contacts.add(new FatigueHistory.Contact(Timestamps.instant(e.getContactedAt()),
                        Mapping.category(e.getCategory()), responded));
            }
            history = new FatigueHistory(contacts, lastResponse);
        }
        return new GovernanceRules.Inputs(policy, consentState, history);
    }

    ContactIntent withPerson(ContactIntent intent, PersonRef ref, String field) {
        String personId = persons.resolve(ref, field);
        return new ContactIntent(personId, intent.channel(), intent.division(), intent.category(),
                intent.campaignId(), intent.at(), intent.requestedTimeZone());
    }

    static Duration ttl(long seconds, String field, GrpcErrors.Violations v) {
        if (seconds == 0) {
            return DEFAULT_TTL;
        }
        if (seconds < 0 || seconds > MAX_TTL.toSeconds()) {
            v.add(field, "must be 0 (default 900) to 86400 seconds, got " + seconds);
            return DEFAULT_TTL;
        }
        return Duration.ofSeconds(seconds);
    }

    /** A stable id from an idempotency key: a retried request reuses the same reservation or entry. */
    static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reason reason(String code, String message) {
        return Reason.newBuilder().setCode(code).setMessage(message).build();
    }
}
