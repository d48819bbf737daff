package io.crowsnest.contactgovernance.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.contactgovernance.domain.Category;
import io.crowsnest.contactgovernance.domain.Channel;
import io.crowsnest.contactgovernance.domain.ConsentChange;
import io.crowsnest.contactgovernance.domain.ConsentPrecedence;
import io.crowsnest.contactgovernance.domain.ConsentState;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.PersonConsents;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.domain.Purpose;
import io.crowsnest.contactgovernance.domain.Reason;
import io.crowsnest.contactgovernance.domain.Reservation;
import io.crowsnest.contactgovernance.domain.ReservationLifecycle;
import io.crowsnest.contactgovernance.store.ConsentStore;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.ReservationStore;

/**
 * SetConsents: which decision stands is {@link ConsentPrecedence}'s rule (the newest by observed_at,
 * the more protective on a tie); every change is kept in history, and an opt-out or do-not-contact
 * raises the consent fence in the counters and voids the open reservations it affects in the same
 * call. The adapter runs it once per idempotency key.
 */
@ApplicationScoped
public class SetConsentsService {

    private static final int ATTEMPTS = 5;

    @Inject
    ConsentStore store;
    @Inject
    ReservationStore reservations;
    @Inject
    CounterStore counters;
    @Inject
    GoverningPolicy governing;
    @Inject
    PersonResolver persons;
    @Inject
    Clock clock;

    /** A decision asked for on one channel and purpose. */
    public record Decision(Channel channel, Purpose purpose, ConsentState.Status status) {
    }

    /**
     * A checked SetConsents request.
     *
     * @param doNotContact     null when the request does not set it
     * @param timeZone         null when the request does not set it (empty clears it)
     * @param expectedRevision 0 when the caller does not guard the write
     * @param observedAt       null: now
     */
    public record Changes(List<Decision> decisions, Boolean doNotContact, String timeZone, long expectedRevision,
            Instant observedAt, String source, String agentId, String note) {
    }

    /** The record after the request, the history records it wrote, and the reservations it voided. */
    public record Applied(PersonConsents consents, List<ConsentChange> changes, List<String> voidedReservationIds) {
    }

    /** The person the reference names (resolved before the adapter claims the idempotency key). */
    public String person(PersonReference person) {
        return persons.resolve(person, "person");
    }

    /** Applies checked changes to the person's record. */
    public Applied set(Changes request, String personId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            PersonConsents current = store.find(personId);
            if (request.expectedRevision() != 0 && request.expectedRevision() != current.revision()) {
                throw new GovernanceException(GovernanceException.Kind.FAILED_PRECONDITION,
                        "CONSENT_REVISION_CONFLICT", "the consent record is at revision " + current.revision()
                                + ", not " + request.expectedRevision() + "; read it again");
            }
            Instant observed = request.observedAt() != null ? request.observedAt() : now;
            Change change = change(request, current, observed, now);
            if (!change.blocks().isEmpty()) {
                // Fail before anything is written when the counters cannot be fenced.
                counters.probe(personId);
            }
            if (change.applied() && !store.replace(change.after(), current.revision())) {
                continue;
            }
            List<String> voided = new ArrayList<>();
            Map<Integer, List<String>> voidedPerRecord = new LinkedHashMap<>();
            for (Block block : change.blocks()) {
                List<String> ids = voidBlocked(personId, change.after().revision(), block, now);
                voided.addAll(ids);
                voidedPerRecord.put(block.record(), ids);
            }
            List<ConsentChange> records = new ArrayList<>();
            for (int i = 0; i < change.records().size(); i++) {
                ConsentChange r = change.records().get(i);
                records.add(voidedPerRecord.containsKey(i) ? r.voiding(voidedPerRecord.get(i)) : r);
            }
            store.record(personId, records);
            return new Applied(change.after(), records, voided);
        }
        throw GovernanceException.consentChanging(GovernanceException.Kind.ABORTED,
                "the consent record kept changing concurrently; retry with the same idempotency key");
    }

    /** What one request changes, the history records it writes, and the contacts it newly blocks. */
    private record Change(PersonConsents after, boolean applied, List<ConsentChange> records, List<Block> blocks) {
    }

    /** Contacts newly blocked: on a channel (null = all) in these categories; record is the history index. */
    private record Block(Channel channel, Set<Category> categories, String code, String message, int record) {
    }

    private Change change(Changes request, PersonConsents current, Instant observed, Instant now) {
        Map<ContactPolicy.ChannelPurpose, PersonConsents.ChannelConsent> decisions = new LinkedHashMap<>();
        current.channelConsents().forEach(c -> decisions.put(c.key(), c));
        List<ConsentChange> records = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        boolean applied = false;
        Optional<ContactPolicy> policy = governing.find();
        for (Decision c : request.decisions()) {
            ContactPolicy.ChannelPurpose key = new ContactPolicy.ChannelPurpose(c.channel(), c.purpose());
            PersonConsents.ChannelConsent existing = decisions.get(key);
            ConsentState.Status before = existing == null ? ConsentState.Status.NONE : existing.status();
            boolean newer = ConsentPrecedence.channelDecisionApplies(
                    existing == null ? null : existing.observedAt(), observed, c.status());
            records.add(record(request, ConsentChange.Kind.CHANNEL, c.channel(), c.purpose(), before,
                    newer ? c.status() : before, false, false, "", "", newer, observed, now));
            if (newer) {
                applied = true;
                if (c.status() == ConsentState.Status.NONE) {
                    decisions.remove(key);
                } else {
                    decisions.put(key, new PersonConsents.ChannelConsent(c.channel(), c.purpose(), c.status(),
                            observed, now, request.source(), request.agentId()));
                }
                if (ConsentPrecedence.newlyOptedOut(before, c.status())) {
                    Set<Category> categories = ConsentPrecedence.blockedByOptOut(c.purpose(),
                            policy.map(p -> p.consent().consentExemptCategories()).orElse(Set.of()));
                    blocks.add(new Block(c.channel(), categories, "OPTED_OUT", "the customer opted out of "
                            + c.channel().words() + " " + c.purpose().name().toLowerCase(), records.size() - 1));
                }
            }
        }
        PersonConsents.DoNotContact doNotContact = current.doNotContact();
        if (request.doNotContact() != null) {
            PersonConsents.DoNotContact existing = current.doNotContact();
            boolean was = current.doNotContactActive();
            boolean active = request.doNotContact();
            boolean newer = ConsentPrecedence.doNotContactApplies(
                    existing != null ? existing.observedAt() : null, observed, active);
            records.add(record(request, ConsentChange.Kind.DO_NOT_CONTACT, null, null, null, null, was,
                    newer ? active : was, "", "", newer, observed, now));
            if (newer) {
                applied = true;
                doNotContact = new PersonConsents.DoNotContact(active, observed, now, request.source(),
                        request.agentId());
                if (active && !was) {
                    Set<Category> categories = ConsentPrecedence.blockedByDoNotContact(
                            policy.map(p -> p.consent().doNotContactCategories()));
                    blocks.add(new Block(null, categories, "DO_NOT_CONTACT", "the customer asked not to be contacted",
                            records.size() - 1));
                }
            }
        }
        String timeZone = current.timeZone();
        if (request.timeZone() != null) {
            records.add(record(request, ConsentChange.Kind.TIME_ZONE, null, null, null, null, false, false,
                    current.timeZone(), request.timeZone(), true, observed, now));
            timeZone = request.timeZone();
            applied = true;
        }
        PersonConsents after = new PersonConsents(current.personId(), List.copyOf(decisions.values()), doNotContact,
                timeZone, applied ? current.revision() + 1 : current.revision(),
                applied ? now : current.updatedAt());
        return new Change(after, applied, records, blocks);
    }

    /**
     * Raises the consent fence in Redis (no reservation decided on older consent can be granted
     * after it), then voids the matching HELD reservations in MongoDB, the record commits check.
     */
    private List<String> voidBlocked(String personId, long revision, Block block, Instant now) {
        if (!block.categories().isEmpty()) {
            try {
                counters.consentFence(personId, revision, block.channel(), List.copyOf(block.categories()));
            } catch (RuntimeException e) {
                // Redis down means nothing can be granted anyway; the void below is what commits check.
            }
        }
        List<String> voided = new ArrayList<>();
        for (ReservationStore.Open open : reservations.open(personId, now)) {
            Reservation r = open.reservation();
            var c = r.contact();
            if ((block.channel() == null || block.channel() == c.channel())
                    && block.categories().contains(c.category())) {
                Reservation closed = r.closed(ReservationLifecycle.State.VOIDED, now,
                        Reason.of(block.code(), block.message()));
                if (reservations.close(closed)) {
                    voided.add(r.reservationId());
                    try {
                        counters.release(personId, List.of(r.counted()));
                    } catch (RuntimeException e) {
                        // Freed at the next rebuild or at expiry; the reservation is void either way.
                    }
                }
            }
        }
        return voided;
    }

    private static ConsentChange record(Changes request, ConsentChange.Kind kind, Channel channel, Purpose purpose,
            ConsentState.Status before, ConsentState.Status after, boolean doNotContactBefore,
            boolean doNotContactAfter, String timeZoneBefore, String timeZoneAfter, boolean applied,
            Instant observed, Instant now) {
        return new ConsentChange("cc-" + UUID.randomUUID(), kind, channel, purpose, before, after,
                doNotContactBefore, doNotContactAfter, timeZoneBefore, timeZoneAfter, observed, now,
                request.source(), request.agentId(), request.note(), applied, List.of(), "");
    }
}
