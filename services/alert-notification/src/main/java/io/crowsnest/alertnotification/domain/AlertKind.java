package io.crowsnest.alertnotification.domain;

/** What an alert is about. */
public enum AlertKind {
    QUALIFIED_LEAD, CHURN_RISK, COMPLAINT, CALLBACK_REQUEST, CAMPAIGN_BRIEFING, OTHER
}
