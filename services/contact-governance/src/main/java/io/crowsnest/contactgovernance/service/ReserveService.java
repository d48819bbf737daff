package io.crowsnest.contactgovernance.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.domain.Reservation;
import io.crowsnest.contactgovernance.domain.Verdict;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.ReservationStore;

/**
 * ReserveContact: holds capacity for one contact in the one atomic step of {@link LiveCounters}
 * (the adapter runs it once per idempotency key). The reservation is stored before capacity is
 * taken, so that a rebuild meanwhile counts it rather than misses it; once the step granted it, it
 * is held, with no further write.
 */
@ApplicationScoped
public class ReserveService {

    private static final Logger LOG = Logger.getLogger(ReserveService.class);
    static final int CONSENT_RETRIES = 5;

    @Inject
    GovernanceInputs inputs;
    @Inject
    LiveCounters live;
    @Inject
    ReservationStore reservations;

    /** The rules' verdict, whether capacity was granted, and the reservation that holds it when it was. */
    public record Reserved(Verdict verdict, boolean granted, Reservation reservation) {
    }

    /**
     * Reserves a checked contact until {@code expires} (the adapter owns idempotency; the key names
     * the reservation, so a retry holds the same one).
     */
    public Reserved reserve(String idempotencyKey, Reservation.PlannedContact contact, ContactPolicy policy,
            ContactIntent checked, PersonReference person, Instant now, Instant expires) {
        ContactIntent intent = inputs.withPerson(checked, person, "contact.person");
        String reservationId = "rsv-" + StableIds.digest("ReserveContact:" + idempotencyKey);
        Reservation held = Reservation.held(reservationId, intent.personId(), contact.plannedAt(intent.at()), now,
                expires, policy.ref());
        return takeCapacity(policy, intent, held, now, expires);
    }

    private Reserved takeCapacity(ContactPolicy policy, ContactIntent intent, Reservation held, Instant now,
            Instant expires) {
        String reservationId = held.reservationId();
        CountedContact counted = held.counted();
        for (int attempt = 0; attempt < CONSENT_RETRIES; attempt++) {
            GovernanceRules.Inputs read = inputs.inputs(policy, intent.personId(), now);
            boolean mayGrant = GovernanceRules.uncountedRulesAllow(read, intent);
            if (!GovernanceInputs.needsCounters(read, intent)) {
                Verdict verdict = GovernanceRules.evaluate(read, intent, List.of(), now);
                if (verdict.allowed()) {
                    reservations.insert(held);
                }
                return response(verdict, verdict.allowed(), held);
            }
            // Stored before capacity is taken: a rebuild meanwhile counts it rather than miss it (a
            // grant bumps the person's epoch, so a rebuild that read MongoDB before this starts over).
            if (mayGrant) {
                reservations.insert(held);
            }
            CounterStore.ReserveResult result;
            try {
                result = live.reserve(intent.personId(), policy, read.consents().revision(),
                        List.of(GovernanceInputs.item(read, intent, counted, expires, mayGrant)), now);
            } catch (RuntimeException e) {
                reservations.delete(reservationId);
                throw e;
            }
            if (result.status() == CounterStore.Status.CONSENT_STALE) {
                reservations.delete(reservationId);
                continue;
            }
            Verdict verdict = GovernanceRules.evaluate(read, intent, result.snapshot(), now);
            boolean granted = result.grants()[0];
            if (granted && !verdict.allowed()) {
                LOG.errorf("counters granted %s but the rules explain a refusal; releasing it", reservationId);
                live.release(intent.personId(), List.of(counted), now);
                granted = false;
            }
            if (!granted) {
                reservations.delete(reservationId);
                if (mayGrant) {
                    // A rebuild may have loaded it while it was stored; releasing also makes any
                    // rebuild still reading MongoDB start over.
                    live.release(intent.personId(), List.of(counted), now);
                }
                return response(verdict, false, held);
            }
            // Granted and durable: an opt-out from now on voids it like any held reservation.
            return response(verdict, true, held);
        }
        throw GovernanceException.consentChanging(GovernanceException.Kind.UNAVAILABLE,
                "the person's consent kept changing during the reservation; retry with the same idempotency key");
    }

    private static Reserved response(Verdict verdict, boolean granted, Reservation held) {
        return new Reserved(verdict, granted, held);
    }
}
