package io.crowsnest.contactgovernance.domain;

import java.time.Instant;

/**
 * Capacity held for one planned contact, and what became of it ({@link ReservationLifecycle}).
 *
 * @param closedAt      null while it is held
 * @param ledgerEntryId the entry of the contact made; empty unless committed
 * @param closeReason   why it was closed; null when none was given
 * @param policy        the policy version it was granted under; null when not recorded
 */
public record Reservation(String reservationId, String personId, PlannedContact contact,
        ReservationLifecycle.State state, Instant createdAt, Instant expiresAt, Instant closedAt,
        String ledgerEntryId, Reason closeReason, PolicyRef policy) {

    /**
     * The contact as it was asked for, with the person it resolved to. Strings not given are empty.
     *
     * @param personId      empty when the contact names no person
     * @param channel       null when none was given
     * @param plannedAt     null when none was given
     * @param expectedValue null when none was given
     */
    public record PlannedContact(String personId, Channel channel, String divisionId, Category category,
            String campaignId, Instant plannedAt, String timeZone, Money expectedValue, String actionId,
            String requestingSystem, String agentId) {

        /** The contact for another person (a merge's survivor, or the person a reference resolved to). */
        public PlannedContact forPerson(String person) {
            return new PlannedContact(person, channel, divisionId, category, campaignId, plannedAt, timeZone,
                    expectedValue, actionId, requestingSystem, agentId);
        }

        /** The contact planned at another instant. */
        public PlannedContact plannedAt(Instant at) {
            return new PlannedContact(personId, channel, divisionId, category, campaignId, at, timeZone,
                    expectedValue, actionId, requestingSystem, agentId);
        }
    }

    /** An amount in minor units of an ISO 4217 currency. */
    public record Money(String currencyCode, long amountMinor) {
    }

    /** A new reservation, HELD from {@code now} until {@code expires}. */
    public static Reservation held(String reservationId, String personId, PlannedContact contact, Instant now,
            Instant expires, PolicyRef policy) {
        return new Reservation(reservationId, personId, contact.forPerson(personId),
                ReservationLifecycle.State.HELD, now, expires, null, "", null, policy);
    }

    /** The reservation as the counters count it while held: at its planned instant. */
    public CountedContact counted() {
        return new CountedContact(reservationId, contact.plannedAt(), contact.channel(), contact.divisionId(),
                contact.category(), contact.campaignId(), true);
    }

    /** What the state machine needs of it. */
    public ReservationLifecycle.Snapshot snapshot() {
        return new ReservationLifecycle.Snapshot(reservationId, state, closedAt,
                closeReason == null ? null : closeReason.code(), closeReason == null ? "" : closeReason.message());
    }

    /** The reservation closed in {@code state} at {@code at}, for {@code reason} (null: none given). */
    public Reservation closed(ReservationLifecycle.State to, Instant at, Reason reason) {
        return new Reservation(reservationId, personId, contact, to, createdAt, expiresAt, at, ledgerEntryId,
                reason, policy);
    }

    /** The reservation committed at {@code at}: the contact was made, recorded as {@code entryId}. */
    public Reservation committed(Instant at, String entryId) {
        return new Reservation(reservationId, personId, contact, ReservationLifecycle.State.COMMITTED, createdAt,
                expiresAt, at, entryId, closeReason, policy);
    }

    /** The reservation moved to another person (a merge's survivor). */
    public Reservation movedTo(String person) {
        return new Reservation(reservationId, person, contact.forPerson(person), state, createdAt, expiresAt,
                closedAt, ledgerEntryId, closeReason, policy);
    }

    /** What arbitration ranks it by under the policy (divisions it does not list rank last). */
    public Arbitration.Candidate candidate(ContactPolicy policy) {
        int priority = policy.division(contact.divisionId()).map(ContactPolicy.Division::priority).orElse(101);
        return new Arbitration.Candidate(reservationId, contact.category(), priority,
                contact.expectedValue() == null ? 0 : contact.expectedValue().amountMinor(), contact.plannedAt());
    }

    /** The contact it plans, as the rules evaluate it. */
    public ContactIntent intent() {
        return new ContactIntent(personId, contact.channel(), contact.divisionId(), contact.category(),
                contact.campaignId(), contact.plannedAt(), contact.timeZone().isEmpty() ? null : contact.timeZone());
    }
}
