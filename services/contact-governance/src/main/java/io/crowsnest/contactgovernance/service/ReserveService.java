package io.crowsnest.contactgovernance.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.contactgovernance.domain.ContactIntent;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.GovernanceRules;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.domain.Verdict;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.ReservationStore;
import io.crowsnest.contactgovernance.v1.ContactRequest;
import io.crowsnest.contactgovernance.v1.Reservation;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.contactgovernance.v1.ReserveContactRequest;
import io.crowsnest.contactgovernance.v1.ReserveContactResponse;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * ReserveContact: holds capacity for one contact in the one atomic step of {@link LiveCounters},
 * once per idempotency key. The reservation is stored before capacity is taken, so that a rebuild
 * meanwhile counts it rather than misses it.
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
    @Inject
    Idempotency idempotency;

    /** Reserves a checked contact until {@code expires}; a retry with the same key answers the same. */
    public ReserveContactResponse reserve(ReserveContactRequest request, ContactPolicy policy, ContactIntent checked,
            PersonReference person, Instant now, Instant expires) {
        ContactIntent intent = inputs.withPerson(checked, person, "contact.person");
        String reservationId = "rsv-" + StableIds.digest("ReserveContact:" + request.getIdempotencyKey());
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
                .setPolicy(ContractMapping.ref(policy.ref()))
                .build();
        CountedContact counted = ReservationStore.counted(held);
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
            // Stored before capacity is taken: a rebuild meanwhile counts it rather than miss it.
            if (mayGrant) {
                reservations.insertPending(held);
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
                    // A rebuild may have loaded it while it was PENDING; releasing also makes any
                    // rebuild still reading MongoDB start over.
                    live.release(intent.personId(), List.of(counted), now);
                }
                return response(verdict, false, held);
            }
            if (!live.confirm(intent.personId(), counted, expires, now)) {
                // An opt-out voided it between the grant and now: the answer is the rules as they are now.
                GovernanceRules.Inputs after = inputs.inputs(policy, intent.personId(), now);
                return response(GovernanceRules.evaluate(after, intent, result.snapshot(), now), false, held);
            }
            return response(verdict, true, held);
        }
        throw GovernanceException.consentChanging(GovernanceException.Kind.UNAVAILABLE,
                "the person's consent kept changing during the reservation; retry with the same idempotency key");
    }

    private static ReserveContactResponse response(Verdict verdict, boolean granted, Reservation held) {
        ReserveContactResponse.Builder out = ReserveContactResponse.newBuilder().setGranted(granted)
                .setVerdict(ContractMapping.verdict(verdict));
        if (granted) {
            out.setReservationId(held.getReservationId()).setExpiresAt(held.getExpiresAt());
        }
        return out.build();
    }
}
