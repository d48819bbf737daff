package io.crowsnest.contactgovernance.mapping;

import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Money;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.contactgovernance.domain.Reservation;
import io.crowsnest.contactgovernance.domain.ReservationLifecycle;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.platform.grpc.Timestamps;

/**
 * Reservations between the contract's Reservation and the domain's: every field both ways, so a
 * reservation read and written back is the message it was (unset fields stay unset).
 */
public final class Reservations {

    private Reservations() {
    }

    public static io.crowsnest.contactgovernance.v1.Reservation message(Reservation r) {
        var out = io.crowsnest.contactgovernance.v1.Reservation.newBuilder()
                .setReservationId(r.reservationId())
                .setPersonId(r.personId())
                .setContact(contact(r.contact()))
                .setState(ReservationState.valueOf("RESERVATION_STATE_" + r.state().name()))
                .setLedgerEntryId(r.ledgerEntryId());
        ContractMapping.timestamp(r.createdAt(), out::setCreatedAt);
        ContractMapping.timestamp(r.expiresAt(), out::setExpiresAt);
        ContractMapping.timestamp(r.closedAt(), out::setClosedAt);
        if (r.closeReason() != null) {
            out.setCloseReason(LedgerEntries.reason(r.closeReason()));
        }
        if (r.policy() != null) {
            out.setPolicy(ContractMapping.ref(r.policy()));
        }
        return out.build();
    }

    public static Reservation reservation(io.crowsnest.contactgovernance.v1.Reservation r) {
        return new Reservation(r.getReservationId(), r.getPersonId(), contact(r.getContact()),
                ReservationLifecycle.State.valueOf(r.getState().name().substring("RESERVATION_STATE_".length())),
                r.hasCreatedAt() ? Timestamps.instant(r.getCreatedAt()) : null,
                r.hasExpiresAt() ? Timestamps.instant(r.getExpiresAt()) : null,
                r.hasClosedAt() ? Timestamps.instant(r.getClosedAt()) : null, r.getLedgerEntryId(),
                r.hasCloseReason() ? LedgerEntries.reason(r.getCloseReason()) : null,
                r.hasPolicy() ? ContractMapping.ref(r.getPolicy()) : null);
    }

    /** A checked contact request as the domain plans it (the person filled in once resolved). */
    public static Reservation.PlannedContact contact(ContactRequest c) {
        return new Reservation.PlannedContact(c.getPerson().getPersonId(), ContractMapping.channel(c.getChannel()),
                c.getDivision().getId(), ContractMapping.category(c.getCategory()), c.getCampaignId(),
                c.hasPlannedAt() ? Timestamps.instant(c.getPlannedAt()) : null, c.getTimeZone(),
                c.hasExpectedValue() ? new Reservation.Money(c.getExpectedValue().getCurrencyCode(),
                        c.getExpectedValue().getAmountMinor()) : null,
                c.getActionId(), c.getRequestingSystem(), c.getAgentId());
    }

    private static ContactRequest contact(Reservation.PlannedContact c) {
        var out = ContactRequest.newBuilder()
                .setChannel(ContractMapping.channel(c.channel()))
                .setCategory(ContractMapping.category(c.category()))
                .setCampaignId(c.campaignId())
                .setTimeZone(c.timeZone())
                .setActionId(c.actionId())
                .setRequestingSystem(c.requestingSystem())
                .setAgentId(c.agentId());
        if (!c.personId().isEmpty()) {
            out.setPerson(PersonRef.newBuilder().setPersonId(c.personId()));
        }
        if (!c.divisionId().isEmpty()) {
            out.setDivision(DivisionRef.newBuilder().setId(c.divisionId()));
        }
        ContractMapping.timestamp(c.plannedAt(), out::setPlannedAt);
        if (c.expectedValue() != null) {
            out.setExpectedValue(Money.newBuilder().setCurrencyCode(c.expectedValue().currencyCode())
                    .setAmountMinor(c.expectedValue().amountMinor()));
        }
        return out.build();
    }
}
