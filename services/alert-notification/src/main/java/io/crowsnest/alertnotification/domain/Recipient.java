package io.crowsnest.alertnotification.domain;

/** Who a publisher addressed an alert to. */
public sealed interface Recipient {

    record Agent(String agentId) implements Recipient {
    }

    record Team(String teamId) implements Recipient {
    }

    /** The account manager of the alert's person; the fallback team (may be empty) when there is none. */
    record AccountManager(String fallbackTeamId) implements Recipient {
    }
}
