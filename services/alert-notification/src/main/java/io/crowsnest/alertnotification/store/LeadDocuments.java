package io.crowsnest.alertnotification.store;

import java.time.Duration;

import org.bson.Document;

import io.crowsnest.alertnotification.domain.Lead;
import io.crowsnest.alertnotification.domain.LeadRule;
import io.crowsnest.alertnotification.domain.Reason;
import io.crowsnest.alertnotification.domain.Severity;

/** Lead rules and leads to and from their MongoDB documents. */
final class LeadDocuments {

    private LeadDocuments() {
    }

    static Document rule(LeadRule r) {
        return new Document("_id", r.id()).append("displayName", r.displayName()).append("segmentId", r.segmentId())
                .append("teamId", r.teamId()).append("scoreName", r.scoreName()).append("minScore", r.minScore())
                .append("maxPerHour", r.maxPerHour()).append("cooldownSeconds", r.personCooldown().toSeconds())
                .append("severity", r.severity().name()).append("enabled", r.enabled()).append("version", r.version())
                .append("updatedAt", Dates.of(r.updatedAt()));
    }

    static LeadRule rule(Document d) {
        return new LeadRule(d.getString("_id"), d.getString("displayName"), d.getString("segmentId"),
                d.getString("teamId"), d.getString("scoreName"), d.get("minScore", Number.class).doubleValue(),
                d.get("maxPerHour", Number.class).intValue(),
                Duration.ofSeconds(d.get("cooldownSeconds", Number.class).longValue()),
                Severity.valueOf(d.getString("severity")), d.getBoolean("enabled"),
                d.get("version", Number.class).longValue(), Dates.instant(d.getDate("updatedAt")));
    }

    static Document lead(Lead l) {
        Document d = new Document("_id", l.id()).append("ruleId", l.ruleId()).append("teamId", l.teamId())
                .append("personId", l.personId()).append("segmentId", l.segmentId())
                .append("offset", l.transitionOffset()).append("score", l.score())
                .append("reasonCode", l.reason().code()).append("reasonMessage", l.reason().message())
                .append("status", l.status().name()).append("alertId", l.alertId()).append("agentId", l.agentId())
                .append("createdAt", Dates.of(l.createdAt())).append("offeredAt", Dates.of(l.offeredAt()))
                .append("outcomeAt", Dates.of(l.outcomeAt()));
        if (l.statusReason() != null) {
            d.append("statusCode", l.statusReason().code()).append("statusMessage", l.statusReason().message());
        }
        return d;
    }

    static Lead lead(Document d) {
        return new Lead(d.getString("_id"), d.getString("ruleId"), d.getString("teamId"), d.getString("personId"),
                d.getString("segmentId"), d.get("offset", Number.class).longValue(),
                d.get("score", Number.class).doubleValue(),
                new Reason(d.getString("reasonCode"), d.getString("reasonMessage")),
                Lead.Status.valueOf(d.getString("status")),
                d.containsKey("statusCode") ? new Reason(d.getString("statusCode"), d.getString("statusMessage")) : null,
                d.getString("alertId"), d.getString("agentId"), Dates.instant(d.getDate("createdAt")),
                Dates.instant(d.getDate("offeredAt")), Dates.instant(d.getDate("outcomeAt")));
    }
}
