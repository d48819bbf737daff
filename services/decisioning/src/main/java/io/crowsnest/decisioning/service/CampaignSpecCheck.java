package io.crowsnest.decisioning.service;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.client.PeerFailure;
import io.crowsnest.decisioning.client.ScoringClient;
import io.crowsnest.decisioning.domain.Action;
import io.crowsnest.decisioning.domain.CampaignDefinition;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.platform.errors.Refusal.Kind;

/**
 * The checks of a campaign against the catalogue and scoring, shared by launch and dry run: every
 * action known, active, a contact of the campaign's division; the audience segment known and not
 * empty. Answers the segment's current size.
 */
@ApplicationScoped
public class CampaignSpecCheck {

    @Inject
    Catalogue catalogue;
    @Inject
    ScoringClient scoring;

    /** The actions checked, by id. */
    public record Checked(Map<String, Action> actions, long audienceSize) {
    }

    public Checked check(CampaignDefinition d) {
        Map<String, Action> known = catalogue.latest();
        List<String> unknown = d.actionIds().stream().filter(id -> !known.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw new DecisioningException(Kind.NOT_FOUND, "ACTION_NOT_FOUND", "no action has id "
                    + String.join(", ", unknown), Map.of("action_ids", String.join(",", unknown)));
        }
        for (String id : d.actionIds()) {
            Action a = known.get(id);
            if (a.retired()) {
                throw new DecisioningException(Kind.FAILED_PRECONDITION, "ACTION_RETIRED", "action '" + id
                        + "' was retired on " + a.retirement().at(), Map.of("action_id", id));
            }
            if (!a.spec().division().equals(d.division())) {
                throw new DecisioningException(Kind.FAILED_PRECONDITION, "ACTION_DIVISION_MISMATCH", "action '" + id
                        + "' belongs to division '" + a.spec().division() + "', the campaign to '" + d.division() + "'",
                        Map.of("action_id", id));
            }
            if (!a.spec().isContact()) {
                throw new DecisioningException(Kind.FAILED_PRECONDITION, "ACTION_NOT_A_CONTACT", "action '" + id
                        + "' has no contact category; a campaign sends contact actions only", Map.of("action_id", id));
            }
        }
        long size;
        try {
            size = scoring.segmentSize(d.segmentId());
        } catch (PeerFailure e) {
            if (e.notFound()) {
                throw new DecisioningException(Kind.NOT_FOUND, "SEGMENT_NOT_FOUND", "scoring has no segment '"
                        + d.segmentId() + "'", Map.of("segment_id", d.segmentId()));
            }
            throw new DecisioningException(Kind.UNAVAILABLE, "SCORING_UNAVAILABLE", "scoring did not answer ("
                    + e.code() + "); retry with the same idempotency key");
        }
        if (size == 0) {
            throw new DecisioningException(Kind.FAILED_PRECONDITION, "AUDIENCE_EMPTY", "segment '" + d.segmentId()
                    + "' has no member now; a campaign needs an audience", Map.of("segment_id", d.segmentId()));
        }
        return new Checked(Map.copyOf(known), size);
    }
}
