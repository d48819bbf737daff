package io.crowsnest.decisioning.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.store.DecisionStore;
import io.crowsnest.decisioning.store.DeclineStore;
import io.crowsnest.decisioning.store.LearningStore;
import io.crowsnest.decisioning.store.MergeStore;
import io.crowsnest.decisioning.store.OutcomeStore;

/**
 * Applies identity's merge: the merged-away person's decision log, outcomes, learning inputs and
 * declines (cooldowns) become the survivor's. Every step is idempotent, so a replayed change is
 * harmless.
 */
@ApplicationScoped
public class MergeService {

    @Inject
    DecisionStore decisions;
    @Inject
    OutcomeStore outcomes;
    @Inject
    LearningStore learning;
    @Inject
    DeclineStore declines;
    @Inject
    MergeStore merges;

    public void merge(String mergedId, String survivorId) {
        merges.merged(mergedId, survivorId);
        decisions.reassign(mergedId, survivorId);
        outcomes.reassign(mergedId, survivorId);
        learning.reassign(mergedId, survivorId);
        declines.merge(mergedId, survivorId);
    }
}
