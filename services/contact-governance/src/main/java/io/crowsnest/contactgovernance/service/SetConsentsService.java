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

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.contactgovernance.domain.Category;
import io.crowsnest.contactgovernance.domain.ConsentPrecedence;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.GovernanceException;
import io.crowsnest.contactgovernance.domain.PersonReference;
import io.crowsnest.contactgovernance.store.ConsentStore;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.ReservationStore;
import io.crowsnest.contactgovernance.v1.ChannelConsent;
import io.crowsnest.contactgovernance.v1.ConsentChange;
import io.crowsnest.contactgovernance.v1.ConsentChangeKind;
import io.crowsnest.contactgovernance.v1.ConsentChangeRecord;
import io.crowsnest.contactgovernance.v1.ConsentStatus;
import io.crowsnest.contactgovernance.v1.DoNotContact;
import io.crowsnest.contactgovernance.v1.PersonConsents;
import io.crowsnest.contactgovernance.v1.Reservation;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.contactgovernance.v1.SetConsentsRequest;
import io.crowsnest.contactgovernance.v1.SetConsentsResponse;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * SetConsents: which decision stands is {@link ConsentPrecedence}'s rule (the newest by observed_at,
 * the more protective on a tie); every change is kept in history, and an opt-out or do-not-contact
 * raises the consent fence in the counters and voids the open reservations it affects in the same call.
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
    Idempotency idempotency;
    @Inject
    Clock clock;

    /** Applies a checked SetConsents request, once per idempotency key. */
    public SetConsentsResponse set(SetConsentsRequest request, PersonReference person) {
        String personId = persons.resolve(person, "person");
        return idempotency.once("SetConsents", request.getIdempotencyKey(), request, SetConsentsResponse.parser(),
                () -> apply(request, personId));
    }

    private SetConsentsResponse apply(SetConsentsRequest request, String personId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            PersonConsents current = store.find(personId);
            if (request.getExpectedRevision() != 0 && request.getExpectedRevision() != current.getRevision()) {
                throw new GovernanceException(GovernanceException.Kind.FAILED_PRECONDITION,
                        "CONSENT_REVISION_CONFLICT", "the consent record is at revision " + current.getRevision()
                                + ", not " + request.getExpectedRevision() + "; read it again");
            }
            Instant observed = request.hasObservedAt() ? Timestamps.instant(request.getObservedAt()) : now;
            Change change = change(request, current, observed, now);
            if (!change.blocks().isEmpty()) {
                // Fail before anything is written when the counters cannot be fenced.
                counters.epoch(personId);
            }
            if (change.applied() && !store.replace(change.after(), current.getRevision())) {
                continue;
            }
            List<String> voided = new ArrayList<>();
            Map<Integer, List<String>> voidedPerRecord = new LinkedHashMap<>();
            for (Block block : change.blocks()) {
                List<String> ids = voidBlocked(personId, change.after().getRevision(), block, now);
                voided.addAll(ids);
                voidedPerRecord.put(block.record(), ids);
            }
            List<ConsentChangeRecord> records = new ArrayList<>();
            for (int i = 0; i < change.records().size(); i++) {
                ConsentChangeRecord r = change.records().get(i);
                records.add(voidedPerRecord.containsKey(i)
                        ? r.toBuilder().addAllVoidedReservationIds(voidedPerRecord.get(i)).build()
                        : r);
            }
            store.record(personId, records);
            return SetConsentsResponse.newBuilder().setConsents(change.after()).addAllChanges(records)
                    .addAllVoidedReservationIds(voided).build();
        }
        throw GovernanceException.consentChanging(GovernanceException.Kind.ABORTED,
                "the consent record kept changing concurrently; retry with the same idempotency key");
    }

    /** What one request changes, the history records it writes, and the contacts it newly blocks. */
    private record Change(PersonConsents after, boolean applied, List<ConsentChangeRecord> records, List<Block> blocks) {
    }

    /** Contacts newly blocked: on a channel (null = all) in these categories; record is the history index. */
    private record Block(Channel channel, Set<Category> categories, String code, String message, int record) {
    }

    private Change change(SetConsentsRequest request, PersonConsents current, Instant observed, Instant now) {
        PersonConsents.Builder after = current.toBuilder();
        Map<String, ChannelConsent> decisions = new LinkedHashMap<>();
        current.getChannelConsentsList().forEach(c -> decisions.put(c.getChannel() + "/" + c.getPurpose(), c));
        List<ConsentChangeRecord> records = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        boolean applied = false;
        Optional<ContactPolicy> policy = governing.find();
        for (ConsentChange c : request.getChangesList()) {
            String key = c.getChannel() + "/" + c.getPurpose();
            ChannelConsent existing = decisions.get(key);
            ConsentStatus before = existing == null ? ConsentStatus.CONSENT_STATUS_NONE : existing.getStatus();
            boolean newer = ConsentPrecedence.channelDecisionApplies(
                    existing == null ? null : Timestamps.instant(existing.getObservedAt()), observed,
                    ContractMapping.status(c.getStatus()));
            ConsentChangeRecord.Builder record = record(request, ConsentChangeKind.CONSENT_CHANGE_KIND_CHANNEL,
                    observed, now).setChannel(c.getChannel()).setPurpose(c.getPurpose()).setStatusBefore(before)
                    .setStatusAfter(newer ? c.getStatus() : before).setApplied(newer);
            if (newer) {
                applied = true;
                if (c.getStatus() == ConsentStatus.CONSENT_STATUS_NONE) {
                    decisions.remove(key);
                } else {
                    decisions.put(key, ChannelConsent.newBuilder().setChannel(c.getChannel()).setPurpose(c.getPurpose())
                            .setStatus(c.getStatus()).setObservedAt(Timestamps.of(observed))
                            .setRecordedAt(Timestamps.of(now)).setSource(request.getSource())
                            .setAgentId(request.getAgentId()).build());
                }
                if (ConsentPrecedence.newlyOptedOut(ContractMapping.status(before),
                        ContractMapping.status(c.getStatus()))) {
                    Set<Category> categories = ConsentPrecedence.blockedByOptOut(
                            ContractMapping.purpose(c.getPurpose()),
                            policy.map(p -> p.consent().consentExemptCategories()).orElse(Set.of()));
                    blocks.add(new Block(c.getChannel(), categories, "OPTED_OUT", "the customer opted out of "
                            + ContractMapping.channel(c.getChannel()).words() + " "
                            + ContractMapping.purpose(c.getPurpose()).name().toLowerCase(), records.size()));
                }
            }
            records.add(record.build());
        }
        if (request.hasDoNotContact()) {
            DoNotContact existing = current.getDoNotContact();
            boolean newer = ConsentPrecedence.doNotContactApplies(
                    current.hasDoNotContact() && existing.hasObservedAt() ? Timestamps.instant(existing.getObservedAt())
                            : null,
                    observed, request.getDoNotContact().getActive());
            boolean active = request.getDoNotContact().getActive();
            records.add(record(request, ConsentChangeKind.CONSENT_CHANGE_KIND_DO_NOT_CONTACT, observed, now)
                    .setDoNotContactBefore(existing.getActive())
                    .setDoNotContactAfter(newer ? active : existing.getActive()).setApplied(newer).build());
            if (newer) {
                applied = true;
                after.setDoNotContact(DoNotContact.newBuilder().setActive(active).setObservedAt(Timestamps.of(observed))
                        .setRecordedAt(Timestamps.of(now)).setSource(request.getSource())
                        .setAgentId(request.getAgentId()));
                if (active && !existing.getActive()) {
                    Set<Category> categories = ConsentPrecedence.blockedByDoNotContact(
                            policy.map(p -> p.consent().doNotContactCategories()));
                    blocks.add(new Block(null, categories, "DO_NOT_CONTACT", "the customer asked not to be contacted",
                            records.size() - 1));
                }
            }
        }
        if (request.hasTimeZone()) {
            String zone = request.getTimeZone().getTimeZone();
            records.add(record(request, ConsentChangeKind.CONSENT_CHANGE_KIND_TIME_ZONE, observed, now)
                    .setTimeZoneBefore(current.getTimeZone()).setTimeZoneAfter(zone).setApplied(true).build());
            after.setTimeZone(zone);
            applied = true;
        }
        after.clearChannelConsents().addAllChannelConsents(decisions.values()).setPersonId(current.getPersonId());
        if (applied) {
            after.setRevision(current.getRevision() + 1).setUpdatedAt(Timestamps.of(now));
        }
        return new Change(after.build(), applied, records, blocks);
    }

    /**
     * Raises the consent fence in Redis (no reservation decided on older consent can be granted
     * after it), then voids the matching HELD reservations in MongoDB, the record commits check.
     */
    private List<String> voidBlocked(String personId, long revision, Block block, Instant now) {
        if (!block.categories().isEmpty()) {
            try {
                counters.consentFence(personId, revision, ContractMapping.channel(block.channel()),
                        List.copyOf(block.categories()));
            } catch (RuntimeException e) {
                // Redis down means nothing can be granted anyway; the void below is what commits check.
            }
        }
        List<String> voided = new ArrayList<>();
        for (ReservationStore.Open open : reservations.open(personId, now)) {
            Reservation r = open.reservation();
            var c = r.getContact();
            if ((block.channel() == null || block.channel() == c.getChannel())
                    && block.categories().contains(ContractMapping.category(c.getCategory()))) {
                Reservation closed = r.toBuilder().setState(ReservationState.RESERVATION_STATE_VOIDED)
                        .setClosedAt(Timestamps.of(now))
                        .setCloseReason(Reason.newBuilder().setCode(block.code()).setMessage(block.message()))
                        .build();
                if (reservations.close(closed)) {
                    voided.add(r.getReservationId());
                    try {
                        counters.release(personId, List.of(ReservationStore.counted(r)));
                    } catch (RuntimeException e) {
                        // Freed at the next rebuild or at expiry; the reservation is void either way.
                    }
                }
            }
        }
        return voided;
    }

    private static ConsentChangeRecord.Builder record(SetConsentsRequest request, ConsentChangeKind kind,
            Instant observed, Instant now) {
        return ConsentChangeRecord.newBuilder().setChangeId("cc-" + UUID.randomUUID()).setKind(kind)
                .setObservedAt(Timestamps.of(observed)).setRecordedAt(Timestamps.of(now))
                .setSource(request.getSource()).setAgentId(request.getAgentId()).setNote(request.getNote());
    }
}
