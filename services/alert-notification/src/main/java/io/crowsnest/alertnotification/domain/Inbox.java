package io.crowsnest.alertnotification.domain;

/** The inbox an alert lands in: one agent's or one team's. */
public record Inbox(Type type, String id) {

    /** Whose inbox. */
    public enum Type {
        AGENT, TEAM
    }

    public static Inbox agent(String agentId) {
        return new Inbox(Type.AGENT, agentId);
    }

    public static Inbox team(String teamId) {
        return new Inbox(Type.TEAM, teamId);
    }

    /** A stable key, "agent:ann" or "team:cards-desk". */
    public String key() {
        return (type == Type.AGENT ? "agent:" : "team:") + id;
    }

    public static Inbox ofKey(String key) {
        return key.startsWith("agent:") ? agent(key.substring(6)) : team(key.substring(5));
    }
}
