package io.crowsnest.alertnotification.domain;

import java.util.Map;

/** The refusals of alerts and teams, one class per situation so that callers name it. */
public final class AlertErrors {

    private AlertErrors() {
    }

    public static final class AlertNotFound extends DomainException {
        public AlertNotFound(String alertId) {
            super(Kind.NOT_FOUND, "ALERT_NOT_FOUND", "no alert '" + alertId + "' (unknown or removed)", null,
                    Map.of("alert_id", alertId));
        }
    }

    public static final class NotARecipient extends DomainException {
        public NotARecipient(String alertId, String agentId) {
            super(Kind.FAILED_PRECONDITION, "NOT_A_RECIPIENT",
                    "alert '" + alertId + "' is addressed to another agent than '" + agentId + "'", null,
                    Map.of("alert_id", alertId));
        }
    }

    public static final class AlertAlreadyAcknowledged extends DomainException {
        public AlertAlreadyAcknowledged(String alertId, String by) {
            super(Kind.FAILED_PRECONDITION, "ALERT_ALREADY_ACKNOWLEDGED",
                    "alert '" + alertId + "' was already acknowledged by '" + by + "'", null,
                    Map.of("alert_id", alertId, "acknowledged_by", by));
        }
    }

    public static final class AlertExpired extends DomainException {
        public AlertExpired(String alertId) {
            super(Kind.FAILED_PRECONDITION, "ALERT_EXPIRED", "alert '" + alertId + "' has expired", null,
                    Map.of("alert_id", alertId));
        }
    }

    public static final class NotABriefing extends DomainException {
        public NotABriefing(String alertId) {
            super(Kind.FAILED_PRECONDITION, "NOT_A_BRIEFING", "alert '" + alertId + "' is not a campaign briefing");
        }
    }

    public static final class TeamNotFound extends DomainException {
        public TeamNotFound(String teamId, String field) {
            super(Kind.NOT_FOUND, "TEAM_NOT_FOUND", "no team '" + teamId + "'", field, Map.of("team_id", teamId));
        }
    }

    public static final class AgentNotFound extends DomainException {
        public AgentNotFound(String agentId, String where, String field) {
            super(Kind.NOT_FOUND, "AGENT_NOT_FOUND", "agent '" + agentId + "' is not a member of " + where, field,
                    Map.of("agent_id", agentId));
        }
    }

    public static final class TeamVersionMismatch extends DomainException {
        public TeamVersionMismatch(String teamId, long expected, long actual) {
            super(Kind.FAILED_PRECONDITION, "TEAM_VERSION_MISMATCH",
                    "team '" + teamId + "' is at version " + actual + ", not " + expected);
        }
    }

    public static final class PersonNotFound extends DomainException {
        public PersonNotFound(String field) {
            super(Kind.NOT_FOUND, "PERSON_NOT_FOUND", "no person matches " + field, field, Map.of());
        }
    }

    public static final class AccountManagerUnknown extends DomainException {
        public AccountManagerUnknown(String personId) {
            super(Kind.FAILED_PRECONDITION, "ACCOUNT_MANAGER_UNKNOWN",
                    "person '" + personId + "' has no account manager and no fallback team was given");
        }
    }
}
