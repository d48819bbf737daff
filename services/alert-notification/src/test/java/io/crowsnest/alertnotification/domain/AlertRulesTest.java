package io.crowsnest.alertnotification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The alert rules as pure functions: forward-only states, one taker, briefings counted, recipients. */
class AlertRulesTest {

    static final Instant T = Instant.parse("2030-01-01T10:00:00Z");

    static Alert alert(AlertKind kind, Inbox inbox) {
        return new Alert("a1", 7, new Recipient.Team("t"), inbox, "p1", kind, Severity.WARNING, "t", "b",
                new Reason("R", "r"), List.of(), "", "", "test", T, T.plusSeconds(3600), AlertState.UNREAD, null, null,
                null, null, null, null, List.of(), 1);
    }

    @Test
    void readingMovesUnreadToReadOnce() {
        Alert read = alert(AlertKind.COMPLAINT, Inbox.agent("ann")).read("ann", T);
        assertEquals(AlertState.READ, read.state());
        assertEquals(2, read.version());
        assertSame(read, read.read("bob", T.plusSeconds(1)), "already read: unchanged");
    }

    @Test
    void theFirstAgentTakesATeamAlertAndOthersAreRefused() {
        Alert taken = alert(AlertKind.QUALIFIED_LEAD, Inbox.team("t")).acknowledge("ann", "mine", T);
        assertEquals("ann", taken.acknowledgedBy());
        assertTrue(taken.acknowledgedBy("ann"));
        var e = assertThrows(AlertErrors.AlertAlreadyAcknowledged.class, () -> taken.acknowledge("bob", "", T));
        assertEquals("ALERT_ALREADY_ACKNOWLEDGED", e.reason());
    }

    @Test
    void aBriefingCountsEveryAcknowledgement() {
        Alert briefing = alert(AlertKind.CAMPAIGN_BRIEFING, Inbox.team("t")).acknowledge("ann", "", T)
                .acknowledge("bob", "ok", T.plusSeconds(5));
        assertEquals("ann", briefing.acknowledgedBy());
        assertEquals(List.of("ann", "bob"), briefing.acknowledgements().stream().map(Briefing.Acknowledgement::agentId)
                .toList());
        Team team = new Team("t", "T", List.of(new Team.Member("ann", Team.Role.AGENT, true, T),
                new Team.Member("bob", Team.Role.AGENT, false, null),
                new Team.Member("sue", Team.Role.SUPERVISOR, true, T)), 1, T);
        assertEquals(List.of("sue"), team.pending(briefing));
    }

    @Test
    void anExpiredAlertCannotBeAcknowledged() {
        Alert alert = alert(AlertKind.COMPLAINT, Inbox.agent("ann"));
        assertThrows(AlertErrors.AlertExpired.class, () -> alert.acknowledge("ann", "", T.plusSeconds(3600)));
    }

    @Test
    void onlyTheInboxOwnerOrItsTeamMembersAreRecipients() {
        alert(AlertKind.COMPLAINT, Inbox.agent("ann")).requireRecipient("ann", List.of());
        alert(AlertKind.COMPLAINT, Inbox.team("t")).requireRecipient("bob", List.of("t"));
        assertThrows(AlertErrors.NotARecipient.class,
                () -> alert(AlertKind.COMPLAINT, Inbox.team("t")).requireRecipient("bob", List.of("u")));
        assertThrows(AlertErrors.NotARecipient.class,
                () -> alert(AlertKind.COMPLAINT, Inbox.agent("ann")).requireRecipient("bob", List.of()));
    }

    @Test
    void teamChangesKeepOnDutyAndCountVersions() {
        Team team = Team.create("t", "Desk", List.of(new Team.Member("ann", Team.Role.AGENT, true, T)), T);
        assertEquals(1, team.version());
        assertEquals(false, team.members().get(0).onDuty(), "a new member starts off duty");
        Team onDuty = team.onDuty("ann", true, T);
        assertSame(onDuty, onDuty.onDuty("ann", true, T.plusSeconds(1)));
        Team grown = onDuty.replacedBy("Desk", List.of(new Team.Member("ann", Team.Role.SUPERVISOR, false, null),
                new Team.Member("bob", Team.Role.AGENT, false, null)), T);
        assertEquals(3, grown.version());
        assertTrue(grown.member("ann").orElseThrow().onDuty());
        assertSame(grown, grown.replacedBy("Desk", List.of(new Team.Member("ann", Team.Role.SUPERVISOR, false, null),
                new Team.Member("bob", Team.Role.AGENT, false, null)), T.plusSeconds(9)));
    }
}
