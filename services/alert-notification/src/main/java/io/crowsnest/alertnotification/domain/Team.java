package io.crowsnest.alertnotification.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A team of agents with a shared inbox; members carry their role and on-duty state. */
public record Team(String id, String displayName, List<Member> members, long version, Instant updatedAt) {

    /** Role of a member. */
    public enum Role {
        AGENT, SUPERVISOR
    }

    /** A member; {@code onDutyChangedAt} is null when never set. */
    public record Member(String agentId, Role role, boolean onDuty, Instant onDutyChangedAt) {
    }

    public Optional<Member> member(String agentId) {
        return members.stream().filter(m -> m.agentId().equals(agentId)).findFirst();
    }

    /**
     * The team with a new name and members: members who stay keep their on-duty state, new ones
     * start off duty. Unchanged (same version) when nothing differs.
     */
    public Team replacedBy(String newName, List<Member> newMembers, Instant now) {
        List<Member> merged = new ArrayList<>();
        for (Member m : newMembers) {
            Optional<Member> old = member(m.agentId());
            merged.add(new Member(m.agentId(), m.role(), old.map(Member::onDuty).orElse(false),
                    old.map(Member::onDutyChangedAt).orElse(null)));
        }
        if (newName.equals(displayName) && merged.equals(members)) {
            return this;
        }
        return new Team(id, newName, List.copyOf(merged), version + 1, now);
    }

    /** A new team from its first definition (every member off duty). */
    public static Team create(String id, String name, List<Member> members, Instant now) {
        return new Team(id, "", List.of(), 0, now).replacedBy(name, members, now);
    }

    /** The team with a member put on or off duty; the same team when it already was. */
    public Team onDuty(String agentId, boolean onDuty, Instant now) {
        Member current = member(agentId).orElseThrow(() -> new AlertErrors.AgentNotFound(agentId, "team " + id,
                "agent_id"));
        if (current.onDuty() == onDuty) {
            return this;
        }
        List<Member> changed = members.stream()
                .map(m -> m.agentId().equals(agentId) ? new Member(agentId, m.role(), onDuty, now) : m).toList();
        return new Team(id, displayName, changed, version + 1, now);
    }

    /** Members who have not acknowledged a briefing yet. */
    public List<String> pending(Alert briefing) {
        return members.stream().map(Member::agentId).filter(a -> !briefing.acknowledgedBy(a)).toList();
    }
}
