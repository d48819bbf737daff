package io.crowsnest.contactgovernance.api;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ConsentPurpose;
import io.crowsnest.contactgovernance.domain.ClockSkew;
import io.crowsnest.contactgovernance.mapping.ConsentMessages;
import io.crowsnest.contactgovernance.mapping.ContractMapping;
import io.crowsnest.contactgovernance.service.ConsentQueries;
import io.crowsnest.contactgovernance.service.SetConsentsService;
import io.crowsnest.contactgovernance.v1.ConsentChange;
import io.crowsnest.contactgovernance.v1.ConsentChangeKind;
import io.crowsnest.contactgovernance.v1.ConsentStatus;
import io.crowsnest.contactgovernance.v1.GetConsentsRequest;
import io.crowsnest.contactgovernance.v1.GetConsentsResponse;
import io.crowsnest.contactgovernance.v1.ListConsentChangesRequest;
import io.crowsnest.contactgovernance.v1.ListConsentChangesResponse;
import io.crowsnest.contactgovernance.v1.SetConsentsRequest;
import io.crowsnest.contactgovernance.v1.SetConsentsResponse;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * GetConsents, ListConsentChanges and SetConsents: request checks, then the consent use cases
 * (SetConsents once per idempotency key).
 */
@ApplicationScoped
public class ConsentAdapter {

    @Inject
    ConsentQueries queries;
    @Inject
    SetConsentsService setConsents;
    @Inject
    Idempotency idempotency;
    @Inject
    Clock clock;

    GetConsentsResponse get(GetConsentsRequest request) {
        RequestChecks v = new RequestChecks();
        v.person(request.getPerson(), "person");
        v.throwIfAny();
        return GetConsentsResponse.newBuilder()
                .setConsents(ConsentMessages.message(queries.get(ContactChecks.reference(request.getPerson()))))
                .build();
    }

    ListConsentChangesResponse history(ListConsentChangesRequest request) {
        RequestChecks v = new RequestChecks();
        v.person(request.getPerson(), "person");
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
        ConsentQueries.Changes changes = queries.history(ContactChecks.reference(request.getPerson()),
                request.getKindsList().stream().map(Enum::name).toList(),
                request.getChannelsList().stream().map(Enum::name).toList(), from, until, page.offset(), page.size());
        ListConsentChangesResponse.Builder out = ListConsentChangesResponse.newBuilder()
                .setPersonId(changes.personId())
                .addAllChanges(changes.changes().stream().map(ConsentMessages::message).toList());
        out.getPageBuilder().setNextPageToken(Pages.next(page, changes.changes().size(), filter));
        return out.build();
    }

    SetConsentsResponse set(SetConsentsRequest request) {
        Instant now = clock.instant();
        RequestChecks v = new RequestChecks();
        v.person(request.getPerson(), "person");
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
        if (request.hasObservedAt() && ClockSkew.inFuture(Timestamps.instant(request.getObservedAt()), now)) {
            v.add("observed_at", "must not be in the future");
        }
        if (!RequestChecks.SYSTEM.matcher(request.getSource()).matches()) {
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
        v.idempotencyKey(request.getIdempotencyKey(), "idempotency_key");
        v.throwIfAny();
        SetConsentsService.Changes changes = new SetConsentsService.Changes(request.getChangesList().stream()
                .map(c -> new SetConsentsService.Decision(ContractMapping.channel(c.getChannel()),
                        ContractMapping.purpose(c.getPurpose()), ContractMapping.status(c.getStatus())))
                .toList(), request.hasDoNotContact() ? request.getDoNotContact().getActive() : null,
                request.hasTimeZone() ? request.getTimeZone().getTimeZone() : null, request.getExpectedRevision(),
                request.hasObservedAt() ? Timestamps.instant(request.getObservedAt()) : null, request.getSource(),
                request.getAgentId(), request.getNote());
        String personId = setConsents.person(ContactChecks.reference(request.getPerson()));
        return idempotency.once("SetConsents", request.getIdempotencyKey(), request, SetConsentsResponse.parser(),
                () -> {
                    SetConsentsService.Applied applied = setConsents.set(changes, personId);
                    return SetConsentsResponse.newBuilder().setConsents(ConsentMessages.message(applied.consents()))
                            .addAllChanges(applied.changes().stream().map(ConsentMessages::message).toList())
                            .addAllVoidedReservationIds(applied.voidedReservationIds()).build();
                });
    }
}
