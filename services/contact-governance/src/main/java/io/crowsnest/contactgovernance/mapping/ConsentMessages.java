package io.crowsnest.contactgovernance.mapping;

import static io.crowsnest.contactgovernance.mapping.ContractMapping.purpose;
import static io.crowsnest.contactgovernance.mapping.ContractMapping.status;

import io.crowsnest.common.v1.ConsentPurpose;
import io.crowsnest.contactgovernance.domain.ConsentChange;
import io.crowsnest.contactgovernance.domain.PersonConsents;
import io.crowsnest.contactgovernance.v1.ChannelConsent;
import io.crowsnest.contactgovernance.v1.ConsentChangeKind;
import io.crowsnest.contactgovernance.v1.ConsentChangeRecord;
import io.crowsnest.contactgovernance.v1.ConsentStatus;
import io.crowsnest.contactgovernance.v1.DoNotContact;
import io.crowsnest.platform.grpc.Timestamps;

/**
 * Consent records and changes between the contract's PersonConsents and ConsentChangeRecord and
 * the domain's: every field both ways, so a record read and written back is the message it was
 * (unset fields stay unset).
 */
public final class ConsentMessages {

    private ConsentMessages() {
    }

    public static io.crowsnest.contactgovernance.v1.PersonConsents message(PersonConsents c) {
        var out = io.crowsnest.contactgovernance.v1.PersonConsents.newBuilder().setPersonId(c.personId())
                .setTimeZone(c.timeZone()).setRevision(c.revision());
        for (PersonConsents.ChannelConsent cc : c.channelConsents()) {
            var row = ChannelConsent.newBuilder().setChannel(ContractMapping.channel(cc.channel()))
                    .setPurpose(purpose(cc.purpose())).setStatus(status(cc.status())).setSource(cc.source())
                    .setAgentId(cc.agentId());
            ContractMapping.timestamp(cc.observedAt(), row::setObservedAt);
            ContractMapping.timestamp(cc.recordedAt(), row::setRecordedAt);
            out.addChannelConsents(row);
        }
        if (c.doNotContact() != null) {
            var d = c.doNotContact();
            var dnc = DoNotContact.newBuilder().setActive(d.active()).setSource(d.source()).setAgentId(d.agentId());
            ContractMapping.timestamp(d.observedAt(), dnc::setObservedAt);
            ContractMapping.timestamp(d.recordedAt(), dnc::setRecordedAt);
            out.setDoNotContact(dnc);
        }
        ContractMapping.timestamp(c.updatedAt(), out::setUpdatedAt);
        return out.build();
    }

    public static PersonConsents consents(io.crowsnest.contactgovernance.v1.PersonConsents c) {
        PersonConsents.DoNotContact dnc = null;
        if (c.hasDoNotContact()) {
            var d = c.getDoNotContact();
            dnc = new PersonConsents.DoNotContact(d.getActive(),
                    d.hasObservedAt() ? Timestamps.instant(d.getObservedAt()) : null,
                    d.hasRecordedAt() ? Timestamps.instant(d.getRecordedAt()) : null, d.getSource(), d.getAgentId());
        }
        return new PersonConsents(c.getPersonId(), c.getChannelConsentsList().stream()
                .map(cc -> new PersonConsents.ChannelConsent(ContractMapping.channel(cc.getChannel()),
                        purpose(cc.getPurpose()), ContractMapping.status(cc.getStatus()),
                        cc.hasObservedAt() ? Timestamps.instant(cc.getObservedAt()) : null,
                        cc.hasRecordedAt() ? Timestamps.instant(cc.getRecordedAt()) : null, cc.getSource(),
                        cc.getAgentId()))
                .toList(), dnc, c.getTimeZone(), c.getRevision(),
                c.hasUpdatedAt() ? Timestamps.instant(c.getUpdatedAt()) : null);
    }

    public static ConsentChangeRecord message(ConsentChange c) {
        var out = ConsentChangeRecord.newBuilder().setChangeId(c.changeId())
                .setKind(ConsentChangeKind.valueOf("CONSENT_CHANGE_KIND_" + c.kind().name()))
                .setChannel(ContractMapping.channel(c.channel()))
                .setDoNotContactBefore(c.doNotContactBefore()).setDoNotContactAfter(c.doNotContactAfter())
                .setTimeZoneBefore(c.timeZoneBefore()).setTimeZoneAfter(c.timeZoneAfter())
                .setSource(c.source()).setAgentId(c.agentId()).setNote(c.note()).setApplied(c.applied())
                .addAllVoidedReservationIds(c.voidedReservationIds()).setMergedFromPersonId(c.mergedFromPersonId());
        if (c.purpose() != null) {
            out.setPurpose(purpose(c.purpose()));
        }
        if (c.statusBefore() != null) {
            out.setStatusBefore(status(c.statusBefore()));
        }
        if (c.statusAfter() != null) {
            out.setStatusAfter(status(c.statusAfter()));
        }
        ContractMapping.timestamp(c.observedAt(), out::setObservedAt);
        ContractMapping.timestamp(c.recordedAt(), out::setRecordedAt);
        return out.build();
    }

    public static ConsentChange change(ConsentChangeRecord c) {
        return new ConsentChange(c.getChangeId(), kind(c.getKind()), ContractMapping.channel(c.getChannel()),
                c.getPurpose() == ConsentPurpose.CONSENT_PURPOSE_UNSPECIFIED ? null : purpose(c.getPurpose()),
                c.getStatusBefore() == ConsentStatus.CONSENT_STATUS_UNSPECIFIED ? null
                        : ContractMapping.status(c.getStatusBefore()),
                c.getStatusAfter() == ConsentStatus.CONSENT_STATUS_UNSPECIFIED ? null
                        : ContractMapping.status(c.getStatusAfter()),
                c.getDoNotContactBefore(), c.getDoNotContactAfter(), c.getTimeZoneBefore(), c.getTimeZoneAfter(),
                c.hasObservedAt() ? Timestamps.instant(c.getObservedAt()) : null,
                c.hasRecordedAt() ? Timestamps.instant(c.getRecordedAt()) : null, c.getSource(), c.getAgentId(),
                c.getNote(), c.getApplied(), c.getVoidedReservationIdsList(), c.getMergedFromPersonId());
    }

    private static ConsentChange.Kind kind(ConsentChangeKind kind) {
        return ConsentChange.Kind.valueOf(kind.name().substring("CONSENT_CHANGE_KIND_".length()));
    }
}
