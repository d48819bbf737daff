package io.crowsnest.contactgovernance.api;

import io.crowsnest.common.v1.ConsentPurpose;
import io.crowsnest.contactgovernance.domain.ConsentChange;
import io.crowsnest.contactgovernance.domain.ConsentState;
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
final class ConsentMessages {

    private ConsentMessages() {
    }

    static io.crowsnest.contactgovernance.v1.PersonConsents message(PersonConsents c) {
        var out = io.crowsnest.contactgovernance.v1.PersonConsents.newBuilder().setPersonId(c.personId())
                .setTimeZone(c.timeZone()).setRevision(c.revision());
        for (PersonConsents.ChannelConsent cc : c.channelConsents()) {
            var row = ChannelConsent.newBuilder().setChannel(ContractMapping.channel(cc.channel()))
                    .setPurpose(purpose(cc.purpose())).setStatus(status(cc.status())).setSource(cc.source())
                    .setAgentId(cc.agentId());
            if (cc.observedAt() != null) {
                row.setObservedAt(Timestamps.of(cc.observedAt()));
            }
            if (cc.recordedAt() != null) {
                row.setRecordedAt(Timestamps.of(cc.recordedAt()));
            }
            out.addChannelConsents(row);
        }
        if (c.doNotContact() != null) {
            var d = c.doNotContact();
            var dnc = DoNotContact.newBuilder().setActive(d.active()).setSource(d.source()).setAgentId(d.agentId());
            if (d.observedAt() != null) {
                dnc.setObservedAt(Timestamps.of(d.observedAt()));
            }
            if (d.recordedAt() != null) {
                dnc.setRecordedAt(Timestamps.of(d.recordedAt()));
            }
            out.setDoNotContact(dnc);
        }
        if (c.updatedAt() != null) {
            out.setUpdatedAt(Timestamps.of(c.updatedAt()));
        }
        return out.build();
    }

    static PersonConsents consents(io.crowsnest.contactgovernance.v1.PersonConsents c) {
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

    static ConsentChangeRecord message(ConsentChange c) {
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
        if (c.observedAt() != null) {
            out.setObservedAt(Timestamps.of(c.observedAt()));
        }
        if (c.recordedAt() != null) {
            out.setRecordedAt(Timestamps.of(c.recordedAt()));
        }
        return out.build();
    }

    static ConsentChange change(ConsentChangeRecord c) {
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

    private static ConsentStatus status(ConsentState.Status status) {
        return ContractMapping.status(status);
    }

    private static io.crowsnest.contactgovernance.domain.Purpose purpose(ConsentPurpose purpose) {
        return ContractMapping.purpose(purpose);
    }

    private static ConsentPurpose purpose(io.crowsnest.contactgovernance.domain.Purpose purpose) {
        return ContractMapping.purpose(purpose);
    }
}
