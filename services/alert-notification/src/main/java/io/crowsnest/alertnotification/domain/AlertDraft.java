package io.crowsnest.alertnotification.domain;

import java.time.Instant;
import java.util.List;

/** What a publisher asks for, checked for form; person and expiresAt may be null, briefing only for briefings. */
public record AlertDraft(Recipient recipient, PersonLookup person, AlertKind kind, Severity severity, String title,
        String body, Reason reason, List<Link> links, Instant expiresAt, String divisionId, String campaignId,
        String source, Briefing briefing) {
}
