package io.crowsnest.contactgovernance.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.CountedContact;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.LedgerEntry;
import io.crowsnest.contactgovernance.store.ConsentStore;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.LedgerStore;
import io.crowsnest.contactgovernance.store.ReservationStore;
import io.crowsnest.platform.jobs.Backoff;

/**
 * The atomic step against the live counters, with the rebuild from the ledger that must precede
 * any grant when the counters are missing, too short, or known to have missed a change.
 */
@ApplicationScoped
public class LiveCounters {

    private static final Logger LOG = Logger.getLogger(LiveCounters.class);
    private static final int ATTEMPTS = 8;

    @Inject
    CounterStore counters;
    @Inject
    LedgerStore ledger;
    @Inject
    ReservationStore reservations;
    @Inject
    ConsentStore consents;

    /** How long a person's keys live after their last change: the rules' lookback and some slack. */
    public static Duration keyTtl(ContactPolicy policy) {
        return policy.lookback().plus(Duration.ofDays(2));
    }

    /**
     * What the caller read of the person before the atomic step, in the one read of their consents
     * document: the consent revision its decision stands on (the script refuses a grant on an older
     * one) and the mark that their counters missed a change (null when they did not).
     */
    public record Fence(long consentRevision, ConsentStore.StaleMark countersStale) {

        public static Fence of(ConsentStore.Read read) {
            return new Fence(read.state().revision(), read.countersStale());
        }

        /** The same, for a check that holds nothing and so stands on any consent revision. */
        public Fence anyConsent() {
            return new Fence(Long.MAX_VALUE, countersStale);
        }
    }

    /**
     * Runs the reserve script; CONSENT_STALE is returned for the caller to re-read consent. Counters
     * marked stale are rebuilt first, and the mark cleared unless the person was marked again since.
     */
    public CounterStore.ReserveResult reserve(String personId, ContactPolicy policy, Fence fence,
            List<CounterStore.Item> items, Instant now) {
        if (fence.countersStale() != null) {
            rebuild(personId, policy, now);
            consents.clearCountersStale(personId, fence.countersStale());
        }
        long consentRev = fence.consentRevision();
        for (int attempt = 0; attempt < 4 * ATTEMPTS; attempt++) {
            CounterStore.ReserveResult result = counters.reserve(personId, now, now.minus(policy.lookback()),
                    consentRev, keyTtl(policy), items);
            if (result.status() != CounterStore.Status.REBUILD) {
                return result;
            }
            // One load attempt: if the person changed meanwhile, another request may have rebuilt
            // already, and the atomic step above is the one to tell.
            if (!loadOnce(personId, policy, now)) {
                backOff(attempt);
            }
        }
        throw GovernanceException.countersBusy(
                "the person's counters kept changing while being rebuilt from the ledger; retry");
    }

    /** Loads the person's counters from the ledger and the held reservations, whatever they hold now. */
    public void rebuild(String personId, ContactPolicy policy, Instant now) {
        for (int attempt = 0; attempt < 4 * ATTEMPTS; attempt++) {
            if (loadOnce(personId, policy, now)) {
                return;
            }
            backOff(attempt);
        }
        throw GovernanceException.countersBusy(
                "the person's counters kept changing while being rebuilt from the ledger; retry");
    }

    /** One rebuild; false when the person changed between reading MongoDB and loading Redis. */
    private boolean loadOnce(String personId, ContactPolicy policy, Instant now) {
        String epoch = counters.epoch(personId);
        Instant from = now.minus(policy.lookback()).minus(Duration.ofDays(1));
        Snapshot read = snapshot(personId, from, now, Set.of());
        List<CountedContact> made = read.made();
        List<CounterStore.HeldReservation> held = read.held();
        long consentRev = consents.state(personId).revision();
        if (!counters.load(personId, epoch, from, consentRev, keyTtl(policy), made, held)) {
            return false;
        }
        LOG.debugf("rebuilt counters of %s from %d ledger contacts and %d open reservations", personId,
                made.size(), held.size());
        return true;
    }

    /** What a rebuild loads into a person's counters: the contacts made and the reservations held. */
    public record Snapshot(List<CountedContact> made, List<CounterStore.HeldReservation> held) {
    }

    /**
     * Reads what a rebuild loads, the reservations first and the ledger second. Every open
     * reservation is held until its expiry, also one whose grant is still in flight (stored before
     * capacity is taken): if that grant is refused, its owner releases it. A committed one is held
     * too unless the ledger, read after, has its entry: a commit closes the reservation before it
     * writes the entry, and one in flight between the two would otherwise be counted nowhere until
     * its counters step, which a grant meanwhile could take a second time (the 16-thread race while
     * Redis is flushed showed 7 contacts against a cap of 6 so). {@code except}: reservation ids the
     * caller grants again itself (a merge).
     */
    public Snapshot snapshot(String personId, Instant from, Instant now, Set<String> except) {
        List<ReservationStore.Held> reserved = reservations.held(personId, now);
        List<LedgerEntry> entries = ledger.since(personId, from);
        Set<String> entered = entries.stream().map(LedgerEntry::reservationId).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        return new Snapshot(entries.stream().map(LedgerEntry::counted).toList(), reserved.stream()
                .filter(h -> !entered.contains(h.contact().id()) && !except.contains(h.contact().id()))
                .map(h -> new CounterStore.HeldReservation(h.contact(), h.expiresAt())).toList());
    }

    /** The platform's pause between two rebuild attempts (a few milliseconds, growing, jittered). */
    private static void backOff(int attempt) {
        if (!Backoff.CONTENDED.pause(attempt)) {
            throw GovernanceException.countersBusy("interrupted while rebuilding counters");
        }
    }

    /** Counts a contact as made; when Redis cannot be told, the person is rebuilt before the next grant. */
    public void commit(String personId, CountedContact held, CountedContact made, ContactPolicy policy, Instant now) {
        try {
            counters.commit(personId, held, made, keyTtl(policy));
        } catch (RuntimeException e) {
            LOG.warnf("counters of %s missed a commit (%s); they will be rebuilt from the ledger", personId, e);
            consents.markCountersStale(personId, now);
        }
    }

    /** Frees held capacity; when Redis cannot be told, the person is rebuilt before the next grant. */
    public void release(String personId, List<CountedContact> held, Instant now) {
        try {
            counters.release(personId, held);
        } catch (RuntimeException e) {
            LOG.warnf("counters of %s missed a release (%s); they will be rebuilt from the ledger", personId, e);
            consents.markCountersStale(personId, now);
        }
    }
}
