package io.crowsnest.contactgovernance.api;

import java.time.Clock;

import io.crowsnest.platform.idempotency.Idempotency;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ConsentPurpose;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.contactgovernance.domain.Category;
import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.store.ConsentStore;
import io.crowsnest.contactgovernance.store.CounterStore;
import io.crowsnest.contactgovernance.store.ReservationStore;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.contactgovernance.v1.ChannelConsent;
import io.crowsnest.contactgovernance.v1.ConsentChange;
import io.crowsnest.contactgovernance.v1.ConsentChangeKind;
import io.crowsnest.contactgovernance.v1.ConsentChangeRecord;
import io.crowsnest.contactgovernance.v1.ConsentStatus;
import io.crowsnest.contactgovernance.v1.DoNotContact;
import io.crowsnest.contactgovernance.v1.GetConsentsRequest;
import io.crowsnest.contactgovernance.v1.GetConsentsResponse;
import io.crowsnest.contactgovernance.v1.ListConsentChangesRequest;
import io.crowsnest.contactgovernance.v1.ListConsentChangesResponse;
import io.crowsnest.contactgovernance.v1.PersonConsents;
import io.crowsnest.contactgovernance.v1.Reservation;
import io.crowsnest.contactgovernance.v1.ReservationState;
import io.crowsnest.contactgovernance.v1.SetConsentsRequest;
import io.crowsnest.contactgovernance.v1.SetConsentsResponse;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.grpc.Status;

/**
 * Consents: the newest decision by observed_at wins (an opt-out wins a tie), every change is kept in
 * history, and an opt-out or do-not-contact voids the open reservations it affects in the same call.
 */
@ApplicationScoped
public class ConsentDesk {

    @Inject
    Clock clock;

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
    Persons persons;
    @Inject
    Idempotency idempotency;

    public GetConsentsResponse get(GetConsentsRequest request) {
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        ContactChecks.person(request.getPerson(), "person", v);
        v.throwIfAny();
        return GetConsentsResponse.newBuilder().setConsents(store.find(personId(request.getPerson()))).build();
    }

    public ListConsentChangesResponse history(ListConsentChangesRequest request) {
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        ContactChecks.person(request.getPerson(), "person", v);
        for (int i = 0; i < request.getKindsCount(); i++) {
            if (request.getKindsValue(i) <= 0 || request.getKinds(i) == ConsentChangeKind.UNRECOGNIZED) {
                v.add("kinds[" + i + "]", "must be a known change kind");
            }
        }
        for (int i = 0; i < request.getChannelsCount(); i++) {
            if (request.getChannelsValue(i) <= 0 || request.getChannels(i) == Channel.UNRECOGNIZED) {
                v.add("channels[" + i + "]", "must be a known channel");
            }
        }
        Instant from = request.getRecordedIn().hasStart() ? Timestamps.instant(request.getRecordedIn().getStart()) : null;
        Instant until = request.getRecordedIn().hasEnd() ? Timestamps.instant(request.getRecordedIn().getEnd()) : null;
        if (from != null && until != null && until.isBefore(from)) {
            v.add("recorded_in.end", "must not be before recorded_in.start");
        }
        String filter = request.toBuilder().clearPage().build().toString();
        Pages.Page page = Pages.read(request.getPage(), filter, "page", v);
        v.throwIfAny();
        String personId = personId(request.getPerson());
        List<ConsentChangeRecord> changes = store.history(personId,
                request.getKindsList().stream().map(Enum::name).toList(),
                request.getChannelsList().stream().map(Enum::name).toList(), from, until, page.offset(), page.size());
        ListConsentChangesResponse.Builder out = ListConsentChangesResponse.newBuilder().setPersonId(personId)
                .addAllChanges(changes);
        out.getPageBuilder().setNextPageToken(Pages.next(page, changes.size(), filter));
        return out.build();
    }

    public SetConsentsResponse set(SetConsentsRequest request) {
        Instant now = clock.instant();
        GrpcErrors.Violations v = new GrpcErrors.Violations();
        ContactChecks.person(request.getPerson(), "person", v);
        if (request.getChangesCount() == 0 && !request.hasDoNotContact() && !request.hasTimeZone()) {
            v.add("changes", "nothing to change: give channel changes, do_not_contact or time_zone");
        }
        if (request.getChangesCount() > 50) {
            v.add("changes", "at most 50 changes per request, got " + request.getChangesCount());
        }
        Set<String> pairs = new HashSet<>();
        for (int i = 0; i < request.getChangesCount(); i++) {
            ConsentChange c = request.getChanges(i);
            String f = "changes[" + i + "]";
            if (c.getChannelValue() <= 0 || c.getChannel() == Channel.UNRECOGNIZED) {
                v.add(f + ".channel", "must be a known channel");
            }
            if (c.getPurposeValue() <= 0 || c.getPurpose() == ConsentPurpose.UNRECOGNIZED) {
                v.add(f + ".purpose", "must be MARKETING or SERVICE");
            }
            if (c.getStatusValue() <= 0 || c.getStatus() == ConsentStatus.UNRECOGNIZED) {
                v.add(f + ".status", "must be OPTED_IN, OPTED_OUT or NONE");
            }
            if (!pairs.add(c.getChannel() + "/" + c.getPurpose())) {
                v.add(f, "the same channel and purpose appear twice");
            }
        }
        if (request.hasTimeZone() && !request.getTimeZone().getTimeZone().isEmpty()
                && !PolicyValidator.isTimeZone(request.getTimeZone().getTimeZone())) {
            v.add("time_zone.time_zone", "'" + request.getTimeZone().getTimeZone()
                    + "' is not a known IANA time zone (TIME_ZONE_UNKNOWN)");
        }
        if (request.hasObservedAt() && Timestamps.instant(request.getObservedAt()).isAfter(now.plus(ContactChecks.SKEW))) {
            v.add("observed_at", "must not be in the future");
        }
        if (!ContactChecks.SYSTEM.matcher(request.getSource()).matches()) {
            v.add("source", "must be 1 to 64 characters of a-z, 0-9 and -, got '" + request.getSource() + "'");
        }
        if (request.getSource().equals("call-centre") && request.getAgentId().isEmpty()) {
            v.add("agent_id", "is required when source is call-centre");
        }
        if (!request.getAgentId().isEmpty() && !ContactChecks.AGENT_ID.matcher(request.getAgentId()).matches()) {
            v.add("agent_id", "must be 1 to 64 characters of letters, digits and . _ @ -");
        }
        if (request.getNote().length() > 1024) {
            v.add("note", "must be at most 1,024 characters");
        }
        ContactChecks.idempotencyKey(request.getIdempotencyKey(), v);
        v.throwIfAny();
        String personId = personId(request.getPerson());
        return idempotency.once("SetConsents", request.getIdempotencyKey(), request, SetConsentsResponse.parser(),
                () -> apply(request, personId));
    }

    private SetConsentsResponse apply(SetConsentsRequest request, String personId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            PersonConsents current = store.find(personId);
            if (request.getExpectedRevision() != 0 && request.getExpectedRevision() != current.getRevision()) {
                throw GrpcErrors.error(Status.Code.FAILED_PRECONDITION, "CONSENT_REVISION_CONFLICT",
                        "the consent record is at revision " + current.getRevision() + ", not "
                                + request.getExpectedRevision() + "; read it again");
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
        throw GrpcErrors.error(Status.Code.ABORTED, "CONSENT_CHANGING",
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
            boolean newer = existing == null || observed.isAfter(Timestamps.instant(existing.getObservedAt()))
                    || (observed.equals(Timestamps.instant(existing.getObservedAt()))
                            && c.getStatus() == ConsentStatus.CONSENT_STATUS_OPTED_OUT);
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
                if (c.getStatus() == ConsentStatus.CONSENT_STATUS_OPTED_OUT
                        && before != ConsentStatus.CONSENT_STATUS_OPTED_OUT) {
                    Set<Category> categories = categoriesOf(c.getPurpose(), policy);
                    blocks.add(new Block(c.getChannel(), categories, "OPTED_OUT", "the customer opted out of "
                            + Mapping.channel(c.getChannel()).words() + " "
                            + Mapping.purpose(c.getPurpose()).name().toLowerCase(), records.size()));
                }
            }
            records.add(record.build());
        }
        if (request.hasDoNotContact()) {
            DoNotContact existing = current.getDoNotContact();
            boolean newer = !current.hasDoNotContact() || !existing.hasObservedAt()
                    || observed.isAfter(Timestamps.instant(existing.getObservedAt()))
                    || (observed.equals(Timestamps.instant(existing.getObservedAt())) && request.getDoNotContact().getActive());
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
                    Set<Category> categories = EnumSet.of(Category.MARKETING);
                    policy.ifPresentOrElse(p -> categories.addAll(p.consent().doNotContactCategories()),
                            () -> categories.addAll(EnumSet.of(Category.SERVICE, Category.TRANSACTIONAL)));
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

    /** Categories an opt-out of the purpose blocks (exempt categories need no consent, so stay open). */
    private static Set<Category> categoriesOf(ConsentPurpose purpose, Optional<ContactPolicy> policy) {
        if (purpose == ConsentPurpose.CONSENT_PURPOSE_MARKETING) {
            return EnumSet.of(Category.MARKETING);
        }
        Set<Category> categories = EnumSet.of(Category.SERVICE, Category.TRANSACTIONAL);
        policy.ifPresent(p -> categories.removeAll(p.consent().consentExemptCategories()));
        return categories;
    }

    /**
     * Raises the consent fence in Redis (no reservation decided on older consent can be granted
     * after it), then voids the matching HELD reservations in MongoDB, the record commits check.
     */
    private List<String> voidBlocked(String personId, long revision, Block block, Instant now) {
        if (!block.categories().isEmpty()) {
            try {
                counters.consentFence(personId, revision, Mapping.channel(block.channel()),
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
                    && block.categories().contains(Mapping.category(c.getCategory()))) {
                Reservation closed = r.toBuilder().setState(ReservationState.RESERVATION_STATE_VOIDED)
                        .setClosedAt(Timestamps.of(now))
                        .setCloseReason(Reason.newBuilder().setCode(block.code()).setMessage(block.message()))
                        .build();
                if (reservations.close(closed)) {
                    voided.add(r.getReservationId());
                    try {
                        counters.release(personId, List.of(Mapping.counted(r)));
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

    private String personId(PersonRef ref) {
        return persons.resolve(ref, "person");
    }
}
