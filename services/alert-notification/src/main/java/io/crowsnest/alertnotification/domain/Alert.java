package io.crowsnest.alertnotification.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An alert as stored: what it is about, where it landed, and its handling (read, acknowledged).
 * {@code version} counts changes, for conditional writes. The transitions are pure functions.
 */
public record Alert(String id, long offset, Recipient recipient, Inbox inbox, String personId, AlertKind kind,
        Severity severity, String title, String body, Reason reason, List<Link> links, String divisionId,
        String campaignId, String source, Instant publishedAt, Instant expiresAt, AlertState state,
        Instant readAt, String readBy, Instant acknowledgedAt, String acknowledgedBy, String acknowledgementNote,
        Briefing briefing, List<Briefing.Acknowledgement> acknowledgements, long version) {

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean isBriefing() {
        return kind == AlertKind.CAMPAIGN_BRIEFING;
    }

    /** Whether an agent may handle it: its own inbox, or a team inbox of one of its teams. */
    public void requireRecipient(String agentId, List<String> agentTeams) {
        boolean mine = inbox.type() == Inbox.Type.AGENT ? inbox.id().equals(agentId) : agentTeams.contains(inbox.id());
        if (!mine) {
            throw new AlertErrors.NotARecipient(id, agentId);
        }
    }

    /** UNREAD → READ by the agent; any other state stays. */
    public Alert read(String agentId, Instant now) {
        if (state != AlertState.UNREAD) {
            return this;
        }
        return new Alert(id, offset, recipient, inbox, personId, kind, severity, title, body, reason, links,
                divisionId, campaignId, source, publishedAt, expiresAt, AlertState.READ, now, agentId,
                acknowledgedAt, acknowledgedBy, acknowledgementNote, briefing, acknowledgements, version + 1);
    }

    /** Whether the agent has acknowledged it already (the taker, or a briefing's reader). */
    public boolean acknowledgedBy(String agentId) {
        return agentId.equals(acknowledgedBy) || acknowledgements.stream().anyMatch(a -> a.agentId().equals(agentId));
    }

    /**
     * The agent acknowledges it: the first takes it (ACKNOWLEDGED); a briefing also counts each later
     * agent. Refused when expired or, for other kinds, taken by someone else. The caller checks
     * {@link #acknowledgedBy} first (acknowledging again changes nothing).
     */
    public Alert acknowledge(String agentId, String note, Instant now) {
        if (expired(now)) {
            throw new AlertErrors.AlertExpired(id);
        }
        if (state == AlertState.ACKNOWLEDGED && !isBriefing()) {
            throw new AlertErrors.AlertAlreadyAcknowledged(id, acknowledgedBy);
        }
        List<Briefing.Acknowledgement> acks = acknowledgements;
        if (isBriefing()) {
            acks = new ArrayList<>(acknowledgements);
            acks.add(new Briefing.Acknowledgement(agentId, now, note));
            acks = List.copyOf(acks);
        }
        boolean first = state != AlertState.ACKNOWLEDGED;
        return new Alert(id, offset, recipient, inbox, personId, kind, severity, title, body, reason, links,
                divisionId, campaignId, source, publishedAt, expiresAt, AlertState.ACKNOWLEDGED, readAt, readBy,
                first ? now : acknowledgedAt, first ? agentId : acknowledgedBy, first ? note : acknowledgementNote,
                briefing, acks, version + 1);
    }

    /** The same alert at its feed offset (once appended). */
    public Alert withOffset(long newOffset) {
        return new Alert(id, newOffset, recipient, inbox, personId, kind, severity, title, body, reason, links,
                divisionId, campaignId, source, publishedAt, expiresAt, state, readAt, readBy, acknowledgedAt,
                acknowledgedBy, acknowledgementNote, briefing, acknowledgements, version);
    }

    /** The same alert about another person (the survivor of a merge). */
    public Alert withPerson(String survivor) {
        return new Alert(id, offset, recipient, inbox, survivor, kind, severity, title, body, reason, links,
                divisionId, campaignId, source, publishedAt, expiresAt, state, readAt, readBy, acknowledgedAt,
                acknowledgedBy, acknowledgementNote, briefing, acknowledgements, version + 1);
    }
}
