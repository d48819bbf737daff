package io.crowsnest.decisioning.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.client.IdentityClient;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.store.CampaignMemberStore;
import io.crowsnest.decisioning.store.CampaignRunStore;
import io.crowsnest.decisioning.store.DecisionStore;
import io.crowsnest.decisioning.store.DeclineStore;
import io.crowsnest.decisioning.store.LearningStore;
import io.crowsnest.decisioning.store.MergeStore;
import io.crowsnest.decisioning.store.OutcomeStore;
import io.crowsnest.decisioning.store.TombstoneStore;
import io.crowsnest.platform.idempotency.Idempotency;

/**
 * Erases everything decisioning keeps about a person and every id merged into it: decisions,
 * outcomes, learning inputs, declines and merge links; the person's campaign members are kept under a
 * pseudonym ("erased-…", one per id and erasure) so campaign counts and reports stay right, and the
 * reservation batches kept for them are deleted. Only an opaque tombstone of each id remains.
 * Every step is a delete by person, so a repeated or interrupted erasure simply runs again.
 */
@ApplicationScoped
public class ForgetService {

    /** What was erased. */
    public record Forgotten(List<String> personIds, long decisions, long outcomes, Instant at, boolean already) {
    }

    @Inject
    Idempotency idempotency;
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
    @Inject
    TombstoneStore tombstones;
    @Inject
    CampaignMemberStore campaignMembers;
    @Inject
    CampaignRunStore runs;
    @Inject
    IdentityClient identity;
    @Inject
    Clock clock;

    /** ForgetPerson: refuses ids neither decisioning nor identity ever knew. */
    public Forgotten forgetRequested(String personId) {
        String survivor = merges.survivorOf(personId).orElse(personId);
        if (tombstones.isForgotten(survivor)) {
            return new Forgotten(List.of(survivor), 0, 0, clock.instant(), true);
        }
        if (decisions.page(List.of(survivor), "", 1).isEmpty() && declines.of(survivor).isEmpty()
                && !identity.knows(survivor)) {
            throw DecisioningException.personNotFound("neither decisioning nor identity knows person id '"
                    + personId + "'");
        }
        return forget(survivor, List.of());
    }

    /** Erases the person and the given merged ids (from identity's FORGOTTEN change, or a request). */
    public Forgotten forget(String personId, List<String> mergedIds) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(personId);
        ids.addAll(mergedIds);
        ids.addAll(merges.mergedInto(personId));
        List<String> all = new ArrayList<>(ids);
        Instant at = clock.instant();
        long d = decisions.deleteOf(all);
        long o = outcomes.deleteOf(all);
        learning.deleteOf(all);
        declines.deleteOf(all);
        merges.delete(all);
        Map<String, String> pseudonyms = new LinkedHashMap<>();
        all.forEach(id -> pseudonyms.put(id, "erased-" + UUID.randomUUID()));
        runs.forgetBatches(all, campaignMembers.forget(pseudonyms));
        idempotency.forget(all); // the answers kept for retries that concerned them
        all.forEach(id -> tombstones.add(id, at));
        return new Forgotten(all, d, o, at, false);
    }
}
