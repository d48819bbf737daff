package io.crowsnest.alertnotification.mapping;

import io.crowsnest.alertnotification.domain.Lead;
import io.crowsnest.alertnotification.domain.LeadRule;
import io.crowsnest.alertnotification.v1.LeadStatus;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.platform.grpc.Timestamps;

/** Lead rules and leads to contract messages. */
public final class LeadMessages {

    private LeadMessages() {
    }

    public static io.crowsnest.alertnotification.v1.LeadRule toProto(LeadRule r) {
        return io.crowsnest.alertnotification.v1.LeadRule.newBuilder().setRuleId(r.id())
                .setDisplayName(r.displayName()).setSegmentId(r.segmentId()).setTeamId(r.teamId())
                .setScoreName(r.scoreName()).setMinScore(r.minScore()).setMaxPerHour(r.maxPerHour())
                .setPersonCooldownSeconds(r.personCooldown().toSeconds()).setSeverity(AlertMessages.severity(r.severity()))
                .setEnabled(r.enabled()).setVersion(r.version()).setUpdatedAt(Timestamps.of(r.updatedAt())).build();
    }

    public static io.crowsnest.alertnotification.v1.Lead toProto(Lead l) {
        var b = io.crowsnest.alertnotification.v1.Lead.newBuilder().setLeadId(l.id()).setRuleId(l.ruleId())
                .setTeamId(l.teamId()).setPersonId(l.personId()).setSegmentId(l.segmentId())
                .setTransitionOffset(l.transitionOffset()).setScore(l.score())
                .setReason(Reason.newBuilder().setCode(l.reason().code()).setMessage(l.reason().message()))
                .setStatus(LeadStatus.valueOf("LEAD_STATUS_" + l.status().name())).setAlertId(l.alertId())
                .setAgentId(l.agentId()).setCreatedAt(Timestamps.of(l.createdAt()));
        if (l.statusReason() != null) {
            b.setStatusReason(Reason.newBuilder().setCode(l.statusReason().code())
                    .setMessage(l.statusReason().message()));
        }
        if (l.offeredAt() != null) {
            b.setOfferedAt(Timestamps.of(l.offeredAt()));
        }
        if (l.outcomeAt() != null) {
            b.setOutcomeAt(Timestamps.of(l.outcomeAt()));
        }
        return b.build();
    }

    public static Lead.Status status(LeadStatus s) {
        return Lead.Status.valueOf(s.name().substring("LEAD_STATUS_".length()));
    }
}
