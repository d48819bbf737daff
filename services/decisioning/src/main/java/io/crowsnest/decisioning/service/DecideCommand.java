package io.crowsnest.decisioning.service;

import java.util.Set;

import io.crowsnest.decisioning.domain.ActionKind;
import io.crowsnest.decisioning.domain.DecisionContext;
import io.crowsnest.decisioning.domain.PersonRef;

/**
 * A request for a decision.
 *
 * @param channel      channel name (PHONE, WEB...)
 * @param kinds        empty = all kinds
 * @param candidateIds empty = the whole catalogue
 */
public record DecideCommand(PersonRef person, String channel, DecisionContext context, int maxActions,
        Set<ActionKind> kinds, Set<String> candidateIds) {
}
