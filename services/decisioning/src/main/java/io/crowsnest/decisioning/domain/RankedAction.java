package io.crowsnest.decisioning.domain;

/**
 * One action a decision proposes, with everything the agent is shown about it.
 *
 * @param expectedValue propensity × value; null when the action has no value
 * @param governance    null when the action is not a contact
 * @param content       null when the action has no template for the channel
 * @param capped        inbound contact blocked by caps only: raise it, don't push it
 */
public record RankedAction(int rank, ActionSnapshot action, Reason reason, Ranking ranking, double propensity,
        Money value, Money expectedValue, GovernanceView governance, boolean capped, RenderedContent content) {

    public RankedAction withRank(int r) {
        return new RankedAction(r, action, reason, ranking, propensity, value, expectedValue, governance, capped,
                content);
    }
}
