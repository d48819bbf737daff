package io.crowsnest.decisioning.campaigns;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.client.PeerFailure;
import io.crowsnest.decisioning.domain.Campaign;
import io.crowsnest.decisioning.domain.CampaignMember;
import io.crowsnest.decisioning.domain.Decision;
import io.crowsnest.decisioning.domain.DecisionContext;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.domain.Direction;
import io.crowsnest.decisioning.domain.PersonRef;
import io.crowsnest.decisioning.domain.RankedAction;
import io.crowsnest.decisioning.domain.Reason;
import io.crowsnest.decisioning.domain.RejectedAction;
import io.crowsnest.decisioning.service.DecideCommand;
import io.crowsnest.decisioning.service.DecideService;

/**
 * Decides for one target member which campaign action to send on which channel: Decide (OUTBOUND,
 * the campaign's division and actions) on each campaign channel in order, the first channel with an
 * eligible action wins. A decision made while a neighbour was unreachable is not trusted: the member
 * waits for the next pass instead of being counted as not eligible.
 */
@ApplicationScoped
public class MemberDecision {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(MemberDecision.class);

    /** What was decided for a member. */
    public sealed interface Verdict permits Chosen, LeftOut {
        /** The member decided for. */
        CampaignMember member();
    }

    /** An action to send: it is reserved next. */
    public record Chosen(CampaignMember member, RankedAction action, String channel, String decisionId)
            implements Verdict {
    }

    /** No action for the member: blocked by governance on every channel, or none eligible. */
    public record LeftOut(CampaignMember member, boolean blocked, List<String> codes, String decisionId)
            implements Verdict {
    }

    @Inject
    DecideService decide;

    public Verdict decide(Campaign c, CampaignMember m) {
        Set<String> codes = new LinkedHashSet<>();
        boolean blocked = false;
        String last = "";
        for (String channel : c.definition().channels()) {
            Decision d;
            try {
                d = decide.decide(new DecideCommand(PersonRef.id(m.personId()), channel,
                        new DecisionContext(Direction.OUTBOUND, c.definition().division(), "", "campaign", c.id(), "",
                                Map.of()), 1, Set.of(), new LinkedHashSet<>(c.definition().actionIds())), c.id());
            } catch (DecisioningException e) {
                if (e.kind() == DecisioningException.Kind.UNAVAILABLE) {
                    throw new PeerDown(e.getMessage());
                }
                return new LeftOut(m, false, List.of(e.reason()), last);
            } catch (PeerFailure e) {
                if (e.transientFailure()) {
                    throw new PeerDown("a neighbour of Decide", e);
                }
                LOG.warnf("decision for %s in campaign %s refused: %s", m.personId(), c.id(), e.status().getStatus());
                return new LeftOut(m, false, List.of("DECISION_REFUSED_" + e.code()), last);
            }
            for (Reason w : d.warnings()) {
                if (w.code().endsWith("_UNAVAILABLE")) {
                    throw new PeerDown(w.message());
                }
            }
            last = d.id();
            if (!d.actions().isEmpty()) {
                return new Chosen(m, d.actions().get(0), channel, d.id());
            }
            for (RejectedAction r : d.rejected()) {
                if (r.governance() != null && !r.governance().allowed()) {
                    blocked = true;
                    r.governance().blocking().forEach(b -> codes.add(b.code()));
                } else {
                    r.reasons().forEach(x -> codes.add(x.code()));
                }
            }
        }
        return new LeftOut(m, blocked, new ArrayList<>(codes), last);
    }
}
