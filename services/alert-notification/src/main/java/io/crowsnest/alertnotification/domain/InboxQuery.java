package io.crowsnest.alertnotification.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What an inbox listing asks for: the inboxes and the filters (empty = all). */
public record InboxQuery(List<String> inboxKeys, Set<AlertState> states, Set<AlertKind> kinds, String personId,
        boolean includeExpired) {

    /** Where a page ends: the last alert listed (pages go newest first). */
    public record Cursor(Instant publishedAt, String alertId) {
    }

    /** The inbox keys of an agent and its teams. */
    public static List<String> inboxes(String agentId, List<String> teamIds) {
        java.util.ArrayList<String> keys = new java.util.ArrayList<>();
        if (!agentId.isEmpty()) {
            keys.add(Inbox.agent(agentId).key());
        }
        teamIds.forEach(t -> keys.add(Inbox.team(t).key()));
        return List.copyOf(keys);
    }
}
