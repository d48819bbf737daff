package io.crowsnest.alertnotification.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What makes a team well-formed: an id, a name, up to 500 members listed once each with a role. */
public final class TeamRules {

    private TeamRules() {
    }

    /** Checks a team as written (a member's role not given is null). */
    public static void check(Fields.Problems p, String teamId, String displayName, List<Team.Member> members,
            long expectedVersion) {
        Fields.id(p, "team_id", teamId);
        Fields.text(p, "display_name", displayName, 1, 200);
        if (members.size() > 500) {
            p.add("members", "at most 500 members");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            Team.Member m = members.get(i);
            Fields.id(p, "members[" + i + "].agent_id", m.agentId());
            if (!seen.add(m.agentId())) {
                p.add("members[" + i + "].agent_id", "listed twice");
            }
            if (m.role() == null) {
                p.add("members[" + i + "].role", "required");
            }
        }
        if (expectedVersion < 0) {
            p.add("expected_version", "must not be negative");
        }
    }
}
