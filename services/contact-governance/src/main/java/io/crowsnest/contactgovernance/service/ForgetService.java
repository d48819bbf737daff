package io.crowsnest.contactgovernance.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.PersonState;
import io.crowsnest.contactgovernance.domain.Reason;
import io.crowsnest.contactgovernance.domain.Reservation;
import io.crowsnest.contactgovernance.domain.ReservationLifecycle;
import io.crowsnest.contactgovernance.store.ConsentStore;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.LedgerStore;
import io.crowsnest.contactgovernance.store.LegacyStaleMarks;
import io.crowsnest.contactgovernance.store.PersonStateStore;
import io.crowsnest.contactgovernance.store.ReservationStore;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * ForgetPerson (or identity's FORGOTTEN change): erases a person and everyone merged into it — open
 * reservations voided, counters, reservations, ledger and consents deleted — and remembers only that
 * the id was forgotten, so that nothing is granted for it again.
 */
@ApplicationScoped
public class ForgetService {

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
    LegacyStaleMarks legacyMarks;
    @Inject
    Answers answers;
    @Inject
    Clock clock;
    @Inject
    Idempotency idempotency;

    /** A checked erasure: whom, why, who asks, and the idempotency key it runs once under. */
    public record Forget(String personId, Reason reason, String requestingSystem, String idempotencyKey) {
    }

    /** What an erasure answers: the ids forgotten, what was erased and voided, and when. */
    public record Forgotten(List<String> forgottenPersonIds, boolean alreadyForgotten, long ledgerEntriesErased,
            int reservationsVoided, Instant forgottenAt) {
    }

    /** Erases the person, once per idempotency key; NOT_FOUND when governance holds nothing about it. */
    public Forgotten forget(Forget command) {
        return answers.forget(command, () -> erase(command.personId()));
    }

    /** Identity's FORGOTTEN change: the same erasure, once per idempotency key (the change's offset). */
    public void forget(String personId, String reasonCode, String reasonMessage, String requestingSystem,
            String idempotencyKey) {
        forget(new Forget(personId, Reason.of(reasonCode, reasonMessage), requestingSystem, idempotencyKey));
    }

    private Forgotten erase(String personId) {
        Instant now = clock.instant();
        Optional<PersonState> state = states.find(personId);
        if (state.isPresent() && state.get() instanceof PersonState.Forgotten f) {
            return new Forgotten(List.of(personId), true, 0, 0, f.at());
        }
        String survivor = persons.resolve(personId);
        List<String> ids = new ArrayList<>();
        ids.add(survivor);
        ids.addAll(states.mergedInto(survivor));
        // Even when governance holds nothing about the person (never contacted, no consent), the
        // tombstone is written: a later reservation, consent or read naming the erased id is refused
        // instead of granted as for a stranger.
        counters.probe(survivor);
        long erased = 0;
        int voided = 0;
        for (String id : ids) {
            for (Reservation r : reservations.open(id, now).stream().map(ReservationStore.Open::reservation)
                    .toList()) {
                if (reservations.close(r.closed(ReservationLifecycle.State.VOIDED, now,
                        Reason.of("PERSON_FORGOTTEN", "")))) {
                    voided++;
                }
            }
            counters.delete(id);
            legacyMarks.forget(id); // the mark a version before may have left; the consents document goes below
            reservations.deleteAll(id);
            erased += ledger.deleteAll(id);
            consents.deleteAll(id);
            states.forgotten(id, now);
        }
        idempotency.forget(ids); // the answers kept for retries that concerned them
        return new Forgotten(List.copyOf(ids), false, erased, voided, now);
    }
}
