package io.crowsnest.alertnotification.mapping;

import io.crowsnest.alertnotification.domain.Alert;
import io.crowsnest.alertnotification.domain.Briefing;
import io.crowsnest.alertnotification.domain.Inbox;
import io.crowsnest.alertnotification.domain.Recipient;
import io.crowsnest.alertnotification.v1.AccountManagerRecipient;
import io.crowsnest.alertnotification.v1.AlertKind;
import io.crowsnest.alertnotification.v1.AlertLink;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.AlertSeverity;
import io.crowsnest.alertnotification.v1.AlertState;
import io.crowsnest.alertnotification.v1.BriefingAcknowledgement;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.platform.grpc.Timestamps;

/** Alerts from domain records to contract messages, and the contract's enums both ways. */
public final class AlertMessages {

    private AlertMessages() {
    }

    public static io.crowsnest.alertnotification.v1.Alert toProto(Alert a) {
        var b = io.crowsnest.alertnotification.v1.Alert.newBuilder().setAlertId(a.id()).setOffset(a.offset())
                .setRecipient(recipient(a.recipient())).setPersonId(nz(a.personId()))
                .setKind(kind(a.kind())).setSeverity(severity(a.severity())).setTitle(a.title()).setBody(a.body())
                .setReason(Reason.newBuilder().setCode(a.reason().code()).setMessage(a.reason().message()))
                .setCampaignId(nz(a.campaignId())).setSource(a.source())
                .setPublishedAt(Timestamps.of(a.publishedAt())).setExpiresAt(Timestamps.of(a.expiresAt()))
                .setState(state(a.state())).setReadBy(nz(a.readBy())).setAcknowledgedBy(nz(a.acknowledgedBy()))
                .setAcknowledgementNote(nz(a.acknowledgementNote()));
        if (a.inbox().type() == Inbox.Type.AGENT) {
            b.setAgentId(a.inbox().id());
        } else {
            b.setTeamId(a.inbox().id());
        }
        a.links().forEach(l -> b.addLinks(AlertLink.newBuilder().setLabel(l.label()).setUrl(l.url())));
        if (a.divisionId() != null && !a.divisionId().isEmpty()) {
            b.setDivision(DivisionRef.newBuilder().setId(a.divisionId()));
        }
        if (a.readAt() != null) {
            b.setReadAt(Timestamps.of(a.readAt()));
        }
        if (a.acknowledgedAt() != null) {
            b.setAcknowledgedAt(Timestamps.of(a.acknowledgedAt()));
        }
        if (a.briefing() != null) {
            b.setBriefing(BriefingMessages.toProto(a.briefing()));
        }
        for (Briefing.Acknowledgement k : a.acknowledgements()) {
            b.addBriefingAcknowledgements(acknowledgement(k));
        }
        return b.build();
    }

    public static BriefingAcknowledgement acknowledgement(Briefing.Acknowledgement k) {
        return BriefingAcknowledgement.newBuilder().setAgentId(k.agentId())
                .setAcknowledgedAt(Timestamps.of(k.at())).setNote(nz(k.note())).build();
    }

    public static AlertRecipient recipient(Recipient r) {
        if (r instanceof Recipient.Agent a) {
            return AlertRecipient.newBuilder().setAgentId(a.agentId()).build();
        }
        if (r instanceof Recipient.Team t) {
            return AlertRecipient.newBuilder().setTeamId(t.teamId()).build();
        }
        return AlertRecipient.newBuilder().setAccountManager(AccountManagerRecipient.newBuilder()
                .setFallbackTeamId(((Recipient.AccountManager) r).fallbackTeamId())).build();
    }

    public static AlertKind kind(io.crowsnest.alertnotification.domain.AlertKind k) {
        return AlertKind.valueOf("ALERT_KIND_" + k.name());
    }

    /** The domain's kind; null when unset. */
    public static io.crowsnest.alertnotification.domain.AlertKind kind(AlertKind k) {
        return k == AlertKind.ALERT_KIND_UNSPECIFIED || k == AlertKind.UNRECOGNIZED ? null
                : io.crowsnest.alertnotification.domain.AlertKind.valueOf(k.name().substring("ALERT_KIND_".length()));
    }

    public static AlertSeverity severity(io.crowsnest.alertnotification.domain.Severity s) {
        return AlertSeverity.valueOf("ALERT_SEVERITY_" + s.name());
    }

    /** The domain's severity; null when unset. */
    public static io.crowsnest.alertnotification.domain.Severity severity(AlertSeverity s) {
        return s == AlertSeverity.ALERT_SEVERITY_UNSPECIFIED || s == AlertSeverity.UNRECOGNIZED ? null
                : io.crowsnest.alertnotification.domain.Severity.valueOf(s.name().substring("ALERT_SEVERITY_".length()));
    }

    public static AlertState state(io.crowsnest.alertnotification.domain.AlertState s) {
        return AlertState.valueOf("ALERT_STATE_" + s.name());
    }

    public static io.crowsnest.alertnotification.domain.AlertState state(AlertState s) {
        return io.crowsnest.alertnotification.domain.AlertState.valueOf(s.name().substring("ALERT_STATE_".length()));
    }

    public static String nz(String s) {
        return s == null ? "" : s;
    }
}
