package io.crowsnest.contactgovernance.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.ClockSkew;
import io.crowsnest.contactgovernance.domain.ContactHorizons;
import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.OutcomeProgression;
import io.crowsnest.contactgovernance.mapping.ContractMapping;
import io.crowsnest.contactgovernance.mapping.LedgerEntries;
import io.crowsnest.contactgovernance.mapping.Reservations;
import io.crowsnest.contactgovernance.mapping.ReserveAnswers;
import io.crowsnest.contactgovernance.service.EligibilityService;
import io.crowsnest.contactgovernance.service.ExternalContactService;
import io.crowsnest.contactgovernance.service.GoverningPolicy;
import io.crowsnest.contactgovernance.service.OutcomeService;
import io.crowsnest.contactgovernance.service.ReservationService;
import io.crowsnest.contactgovernance.service.ReserveService;
import io.crowsnest.contactgovernance.v1.CheckEligibilityRequest;
import io.crowsnest.contactgovernance.v1.CheckEligibilityResponse;
import io.crowsnest.contactgovernance.v1.CommitReservationRequest;
import io.crowsnest.contactgovernance.v1.CommitReservationResponse;
import io.crowsnest.contactgovernance.v1.ContactOutcome;
import io.crowsnest.contactgovernance.v1.GetReservationRequest;
import io.crowsnest.contactgovernance.v1.GetReservationResponse;
import io.crowsnest.contactgovernance.v1.RecordContactOutcomeRequest;
import io.crowsnest.contactgovernance.v1.RecordContactOutcomeResponse;
import io.crowsnest.contactgovernance.v1.RecordExternalContactRequest;
import io.crowsnest.contactgovernance.v1.RecordExternalContactResponse;
import io.crowsnest.contactgovernance.v1.ReleaseReservationRequest;
import io.crowsnest.contactgovernance.v1.ReleaseReservationResponse;
import io.crowsnest.contactgovernance.v1.ReserveContactRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactResponse;
import io.crowsnest.platform.grpc.ContentHash;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * CheckEligibility, ReserveContact, Get/Commit/ReleaseReservation, RecordExternalContact and
 * RecordContactOutcome: each checks its request (every problem one field violation) and calls its
 * use case; every mutating RPC runs once per idempotency key, answering a retry with the first
 * response: here through an idempotency record, and for ReserveContact and CommitReservation, the
 * hot path, through the reservation itself and its closure (see ReserveService and
 * ReservationService.commit).
 */
@ApplicationScoped
public class ReservationAdapter {

    @Inject
    GoverningPolicy governing;
    @Inject
    EligibilityService eligibility;
    @Inject
    ReserveService reserve;
    @Inject
    ReservationService reservations;
    @Inject
    ExternalContactService external;
    @Inject
    OutcomeService outcomes;
    @Inject
    Idempotency idempotency;
    @Inject
    Clock clock;

    CheckEligibilityResponse check(CheckEligibilityRequest request) {
        Instant now = clock.instant();
        ContactPolicy policy = governing.current();
        RequestChecks v = new RequestChecks();
        Instant at = ContactChecks.planned(request.getContact(), "contact.planned_at", now, now.plus(ContactHorizons.CHECK_AHEAD),
                "90 days ahead", v);
        ContactIntent intent = ContactChecks.contact(request.getContact(), "contact", policy, at, v);
        v.throwIfAny();
        return CheckEligibilityResponse.newBuilder().setVerdict(ContractMapping.verdict(
                eligibility.check(policy, intent, ContactChecks.reference(request.getContact().getPerson()), now)))
                .build();
    }

    ReserveContactResponse reserve(ReserveContactRequest request) {
        Instant now = clock.instant();
        ContactPolicy policy = governing.current();
        RequestChecks v = new RequestChecks();
        Duration ttl = ttl(request.getTtlSeconds(), "ttl_seconds", v);
        Instant expires = now.plus(ttl);
        Instant at = ContactChecks.planned(request.getContact(), "contact.planned_at", now, expires,
                "the reservation's expiry", v);
        ContactIntent checked = ContactChecks.contact(request.getContact(), "contact", policy, at, v);
        v.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        v.throwIfAny();
        // once per idempotency key through the reservation, which keeps the answer (see ReserveService)
        return reserve.reserve(new ReserveService.Request(request.getIdempotencyKey(), ContentHash.of(request),
                Reservations.contact(request.getContact()), checked,
                ContactChecks.reference(request.getContact().getPerson())), policy, now, expires,
                new ReserveAnswers(() -> idempotency.answered("ReserveContact", request.getIdempotencyKey(),
                        request, ReserveContactResponse.parser())));
    }

    GetReservationResponse get(GetReservationRequest request) {
        reservationId(request.getReservationId(), new RequestChecks()).throwIfAny();
        return GetReservationResponse.newBuilder()
                .setReservation(Reservations.message(reservations.find(request.getReservationId(), clock.instant())))
                .build();
    }

    CommitReservationResponse commit(CommitReservationRequest request) {
        Instant now = clock.instant();
        RequestChecks v = reservationId(request.getReservationId(), new RequestChecks());
        v.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        if (request.getExternalRef().length() > 256) {
            v.add("external_ref", "must be at most 256 characters");
        }
        if (request.hasContactedAt()
                && ClockSkew.inFuture(Timestamps.instant(request.getContactedAt()), now)) {
            v.add("contacted_at", "must not be in the future, got " + Timestamps.instant(request.getContactedAt()));
        }
        v.throwIfAny();
        // once per idempotency key through the reservation's closure, which keeps the key (see
        // ReservationService.commit): no idempotency record of its own
        ReservationService.Committed committed = reservations.commit(request.getReservationId(),
                request.hasContactedAt() ? Timestamps.instant(request.getContactedAt()) : null,
                request.getExternalRef(), request.getIdempotencyKey(), ContentHash.of(request), now);
        return CommitReservationResponse.newBuilder().setEntry(LedgerEntries.message(committed.entry()))
                .setAlreadyCommitted(committed.alreadyCommitted()).build();
    }

    ReleaseReservationResponse release(ReleaseReservationRequest request) {
        Instant now = clock.instant();
        RequestChecks v = reservationId(request.getReservationId(), new RequestChecks());
        if (request.getReason().getCode().isEmpty()) {
            v.add("reason.code", "is required, e.g. SEND_CANCELLED");
        }
        v.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        v.throwIfAny();
        return idempotency.once("ReleaseReservation", request.getIdempotencyKey(), request,
                ReleaseReservationResponse.parser(), () -> {
                    ReservationService.Released released = reservations.release(request.getReservationId(),
                            LedgerEntries.reason(request.getReason()), now);
                    return ReleaseReservationResponse.newBuilder()
                            .setReservation(Reservations.message(released.reservation()))
                            .setReleased(released.released()).build();
                }, answer -> ContactChecks.personIds(List.of(), answer.getReservation().getPersonId()));
    }

    RecordExternalContactResponse recordExternal(RecordExternalContactRequest request) {
        Instant now = clock.instant();
        ContactPolicy policy = governing.current();
        RequestChecks v = new RequestChecks();
        Instant at = null;
        if (!request.hasContactedAt()) {
            v.add("contacted_at", "is required");
        } else {
            at = Timestamps.instant(request.getContactedAt());
            if (ClockSkew.inFuture(at, now)) {
                v.add("contacted_at", "must not be in the future, got " + at);
            } else if (ContactHorizons.tooOldToRecord(at, now)) {
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
        v.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        v.throwIfAny();
        var c = request.getContact();
        ExternalContactService.Report report = new ExternalContactService.Report(request.getIdempotencyKey(),
                c.getActionId(), c.getRequestingSystem(), c.getAgentId(), request.getExternalRef(),
                request.getInitialOutcome() == ContactOutcome.CONTACT_OUTCOME_UNSPECIFIED
                        ? OutcomeProgression.Outcome.PENDING : ContractMapping.outcome(request.getInitialOutcome()),
                request.getOverride());
        return idempotency.once("RecordExternalContact", request.getIdempotencyKey(), request,
                RecordExternalContactResponse.parser(), () -> {
                    ExternalContactService.Recorded recorded = external.record(report, policy, checked,
                            ContactChecks.reference(c.getPerson()), now);
                    var out = RecordExternalContactResponse.newBuilder()
                            .setVerdict(ContractMapping.verdict(recorded.verdict())).setRecorded(recorded.recorded())
                            .setOverridden(recorded.overridden());
                    if (recorded.entry() != null) {
                        out.setEntry(LedgerEntries.message(recorded.entry()));
                    }
                    return out.build();
                }, answer -> ContactChecks.personIds(List.of(c), answer.getEntry().getPersonId()));
    }

    RecordContactOutcomeResponse recordOutcome(RecordContactOutcomeRequest request) {
        Instant now = clock.instant();
        RequestChecks v = new RequestChecks();
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
        } else if (ClockSkew.inFuture(Timestamps.instant(request.getOccurredAt()), now)) {
            v.add("occurred_at", "must not be in the future");
        }
        if (!RequestChecks.SYSTEM.matcher(request.getSource()).matches()) {
            v.add("source", "must be 1 to 64 characters of a-z, 0-9 and -, got '" + request.getSource() + "'");
        }
        v.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        v.throwIfAny();
        OutcomeService.Report report = new OutcomeService.Report(
                request.hasLedgerEntryId() ? request.getLedgerEntryId() : null, request.getReservationId(),
                ContractMapping.outcome(outcome), Timestamps.instant(request.getOccurredAt()), request.getSource(),
                request.hasDetail() ? LedgerEntries.reason(request.getDetail()) : null);
        return idempotency.once("RecordContactOutcome", request.getIdempotencyKey(), request,
                RecordContactOutcomeResponse.parser(), () -> {
                    OutcomeService.Recorded recorded = outcomes.record(report, now);
                    return RecordContactOutcomeResponse.newBuilder().setEntry(LedgerEntries.message(recorded.entry()))
                            .setChanged(recorded.changed()).build();
                });
    }

    /** ttl_seconds: 0 is the default (900 s), at most a day. */
    static Duration ttl(long seconds, String field, RequestChecks v) {
        return ContactHorizons.hold(seconds).orElseGet(() -> {
            v.add(field, "must be 0 (default 900) to 86400 seconds, got " + seconds);
            return ContactHorizons.DEFAULT_HOLD;
        });
    }

    private static RequestChecks reservationId(String id, RequestChecks v) {
        if (id.isEmpty()) {
            v.add("reservation_id", "is required");
        } else if (!id.matches("rsv-[0-9a-f]{32}")) {
            v.add("reservation_id", "'" + id + "' is not a reservation id (rsv- and 32 hex digits)");
        }
        return v;
    }
}
