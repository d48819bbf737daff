package io.crowsnest.decisioning.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.domain.Decision;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.domain.Outcome;
import io.crowsnest.decisioning.domain.RankedAction;
import io.crowsnest.decisioning.store.DecisionStore;
import io.crowsnest.decisioning.store.MergeStore;
import io.crowsnest.decisioning.store.OutcomeStore;

/** Reads the decision log: one decision with its outcomes, or a person's decisions newest first. */
@ApplicationScoped
public class DecisionLogService {

    /** A decision and the outcomes recorded against it, oldest first. */
    public record Logged(Decision decision, List<Outcome> outcomes) {
    }

    @Inject
    DecisionStore decisions;
    @Inject
    OutcomeStore outcomes;
    @Inject
    MergeStore merges;

    public Logged get(String decisionId) {
        Decision d = decisions.find(decisionId).orElseThrow(() -> DecisioningException.decisionNotFound(decisionId));
        return withOutcomes(d);
    }

    /** A page of a person's decisions (a merged-away id reads its survivor's), after the given id. */
    public List<Logged> ofPerson(String personId, String afterId, int size) {
        String survivor = merges.survivorOf(personId).orElse(personId);
        List<Logged> out = new ArrayList<>();
        for (Decision d : decisions.page(List.of(survivor), afterId, size)) {
            out.add(withOutcomes(d));
        }
        return out;
    }

    private Logged withOutcomes(Decision d) {
        return new Logged(d, outcomes.ofDecision(d.id(), d.actions().stream().map(RankedAction::action)
                .map(a -> a.id()).toList()));
    }
}
