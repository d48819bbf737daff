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
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * ReserveContact: holds capacity for one contact in the one atomic step of {@link LiveCounters},
 * once per idempotency key. The reservation is the reserve's idempotency record (its id derives
 * from the key): stored before capacity is taken — so that a rebuild meanwhile counts it rather
 * than misses it, and a retry or a concurrent duplicate finds it — and, once decided, it keeps the
 * answer for retries. A granted reserve costs MongoDB that insert and the answer's update besides
 * its reads; a refused one keeps the refusal (counted by nothing) for the retention of idempotency
 * records.
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

    /** The rules' verdict, whether capacity was granted, and the reservation that holds it when it was. */
    public record Reserved(Verdict verdict, boolean granted, Reservation reservation) {
    }

    /**
     * How the adapter makes the answer of a reserve, writes it to be kept for retries and reads a
     * kept one back (the contract's encoding, so that no protobuf type enters service/).
     *
     * @param <T> the answer
     */
    public interface AnswerFormat<T> {

        T answer(Reserved reserved);

        byte[] bytes(T answer);

        T read(byte[] kept);

        /**
         * The answer kept for this request by a version that kept reserves' answers as idempotency
         * records (empty when there is none).
         */
        java.util.Optional<T> keptBefore();
    }

    /** A reserve: its idempotency key, its request's content hash and the checked contact. */
    public record Request(String idempotencyKey, String requestHash, Reservation.PlannedContact contact,
            ContactIntent checked, PersonReference person) {
    }

    /**
     * Reserves a checked contact until {@code expires}, or answers a retry of the request with the
     * first answer.
     */
    public <T> T reserve(Request request, ContactPolicy policy, Instant now, Instant expires, AnswerFormat<T> format) {
        ContactIntent intent = inputs.withPerson(request.checked(), request.person(), "contact.person");
        String reservationId = "rsv-" + StableIds.digest("ReserveContact:" + request.idempotencyKey());
        Reservation held = Reservation.held(reservationId, intent.personId(), request.contact().plannedAt(intent.at()),
                now, expires, policy.ref());
        return takeCapacity(request, policy, intent, held, now, expires, format);
    }

    private <T> T takeCapacity(Request request, ContactPolicy policy, ContactIntent intent, Reservation held,
            Instant now, Instant expires, AnswerFormat<T> format) {
        String reservationId = held.reservationId();
        CountedContact counted = held.counted();
        Boolean claimedAs = null; // the state the claim stands in: may grant (HELD) or not; null before it
        for (int attempt = 0; attempt < CONSENT_RETRIES; attempt++) {
            GovernanceInputs.Read personRead = inputs.read(policy, intent.personId(), now);
            GovernanceRules.Inputs read = personRead.rules();
            boolean mayGrant = GovernanceRules.uncountedRulesAllow(read, intent);
            if (!GovernanceInputs.needsCounters(read, intent) && claimedAs == null) {
                // decided by the rules alone: one insert keeps the reservation (when granted) and its answer
                Verdict verdict = GovernanceRules.evaluate(read, intent, List.of(), now);
                T answer = format.answer(new Reserved(verdict, verdict.allowed(), held));
                return settled(reservations.decided(held, verdict.allowed(), request.requestHash(),
                        format.bytes(answer), now, idempotency.lease(), idempotency.retention()), answer, request,
                        format);
            }
            // Stored before capacity is taken: a rebuild meanwhile counts it rather than miss it (a
            // grant bumps the person's epoch, so a rebuild that read MongoDB before this starts over);
            // stored before any counters step, so that a retry never steps for a reservation granted before.
            if (claimedAs == null) {
                ReservationStore.Claim claim = reservations.claim(held, mayGrant, request.requestHash(), now,
                        idempotency.lease(), idempotency.retention());
                if (!(claim instanceof ReservationStore.Claimed)) {
                    return settled(claim, null, request, format);
                }
            } else if (claimedAs != mayGrant) {
                reservations.reclaim(reservationId, mayGrant, now, idempotency.retention());
            }
            claimedAs = mayGrant;
            CounterStore.ReserveResult result;
            try {
                result = live.reserve(intent.personId(), policy, personRead.fence(),
                        List.of(GovernanceInputs.item(read, intent, counted, expires, mayGrant)), now);
            } catch (RuntimeException e) {
                reservations.delete(reservationId);
                throw e;
            }
            if (result.status() == CounterStore.Status.CONSENT_STALE) {
                continue;
            }
            Verdict verdict = GovernanceRules.evaluate(read, intent, result.snapshot(), now);
            boolean granted = result.grants()[0];
            if (granted && !verdict.allowed()) {
                LOG.errorf("counters granted %s but the rules explain a refusal; releasing it", reservationId);
                live.release(intent.personId(), List.of(counted), now);
                granted = false;
            }
            T answer = format.answer(new Reserved(verdict, granted, held));
            if (!granted) {
                reservations.refuse(reservationId, format.bytes(answer), now, idempotency.retention());
                if (mayGrant) {
                    // A rebuild may have loaded it while it was stored; releasing also makes any
                    // rebuild still reading MongoDB start over.
                    live.release(intent.personId(), List.of(counted), now);
                }
                return answer;
            }
            // Granted and durable: an opt-out from now on voids it like any held reservation.
            reservations.answer(reservationId, format.bytes(answer));
            return answer;
        }
        reservations.delete(reservationId);
        throw GovernanceException.consentChanging(GovernanceException.Kind.UNAVAILABLE,
                "the person's consent kept changing during the reservation; retry with the same idempotency key");
    }

    /** The answer of a claim that found the key used before: the answer kept, or why there is none. */
    private static <T> T settled(ReservationStore.Claim claim, T fresh, Request request, AnswerFormat<T> format) {
        if (claim instanceof ReservationStore.Answered answered) {
            return format.read(answered.answer());
        }
        if (claim instanceof ReservationStore.Running) {
            throw new GovernanceException(GovernanceException.Kind.ABORTED, "IDEMPOTENCY_KEY_IN_USE",
                    "a ReserveContact request with idempotency_key '" + request.idempotencyKey()
                            + "' is running right now; retry shortly");
        }
        if (claim instanceof ReservationStore.Reused) {
            return format.keptBefore().orElseThrow(() -> new GovernanceException(
                    GovernanceException.Kind.ALREADY_EXISTS, "IDEMPOTENCY_KEY_REUSED", "idempotency_key '"
                            + request.idempotencyKey() + "' was already used with a different ReserveContact request"));
        }
        return fresh;
    }
}
