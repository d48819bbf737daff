package io.crowsnest.contactgovernance.domain;

import java.time.Instant;
import java.util.List;

/**
 * One change of a person's consent as history keeps it, applied or not: what it was about (a
 * channel decision, do-not-contact, the time zone, or a merge), the values before and after, who
 * observed and recorded it, and the reservations it voided. Fields another kind of change does not
 * use are empty, false or null.
 *
 * @param channel      null unless a channel decision
 * @param purpose      null unless a channel decision
 * @param statusBefore null unless a channel decision
 * @param statusAfter  null unless a channel decision
 */
public record ConsentChange(String changeId, Kind kind, Channel channel, Purpose purpose,
        ConsentState.Status statusBefore, ConsentState.Status statusAfter, boolean doNotContactBefore,
        boolean doNotContactAfter, String timeZoneBefore, String timeZoneAfter, Instant observedAt,
        Instant recordedAt, String source, String agentId, String note, boolean applied,
        List<String> voidedReservationIds, String mergedFromPersonId) {

    public ConsentChange {
        voidedReservationIds = List.copyOf(voidedReservationIds);
    }

    /** What a change is about. */
    public enum Kind {
        CHANNEL, DO_NOT_CONTACT, TIME_ZONE, MERGE
    }

    /** The change with the reservations it voided. */
    public ConsentChange voiding(List<String> reservationIds) {
        return new ConsentChange(changeId, kind, channel, purpose, statusBefore, statusAfter, doNotContactBefore,
                doNotContactAfter, timeZoneBefore, timeZoneAfter, observedAt, recordedAt, source, agentId, note,
                applied, reservationIds, mergedFromPersonId);
    }
}
