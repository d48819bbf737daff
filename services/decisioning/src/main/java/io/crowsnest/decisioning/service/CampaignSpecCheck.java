package io.crowsnest.decisioning.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.client.PeerFailure;
import io.crowsnest.decisioning.client.ScoringClient;
import io.crowsnest.decisioning.config.DecisioningConfig;
import io.crowsnest.decisioning.domain.Action;
import io.crowsnest.decisioning.domain.CampaignDefinition;
import io.crowsnest.decisioning.domain.DecisioningException;
import io.crowsnest.decisioning.domain.FieldProblem;
import io.crowsnest.decisioning.expression.CompiledExpression;
import io.crowsnest.decisioning.expression.ExpressionException;
import io.crowsnest.decisioning.expression.ExpressionLanguage;
import io.crowsnest.decisioning.expression.ExpressionProblem;
import io.crowsnest.platform.errors.Refusal.Kind;

/**
 * The checks of a campaign against the catalogue and scoring, shared by launch and dry run: an
 * audience expression compiles over the audience variables; every action known, active, a contact
 * of the campaign's division; the segment read (the audience segment, or for an expression the
 * population segment) known and, unless the campaign is TRIGGERED, not empty. Answers that segment
 * and its current size.
 */
@ApplicationScoped
public class CampaignSpecCheck {

    /** The variables of a decision an audience expression may not read: there is no action or channel yet. */
    static final List<String> NOT_AUDIENCE_VARIABLES = List.of("context", "contact");

    @Inject
    Catalogue catalogue;
    @Inject
    ScoringClient scoring;
    @Inject
    ExpressionLanguage expressions;
    @Inject
    DecisioningConfig config;

    /**
     * The actions checked, by id; the scoring segment the audience is read from and its size (for an
     * expression, the population, of which the expression keeps some).
     */
    public record Checked(Map<String, Action> actions, String segmentId, long segmentSize) {
    }

    public Checked check(CampaignDefinition d) {
        if (!d.expression().isEmpty()) {
            expression(d.expression());
        }
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
        String segment = d.expression().isEmpty() ? d.segmentId() : config.campaigns().populationSegment();
        long size;
        try {
            size = scoring.segmentSize(segment);
        } catch (PeerFailure e) {
            if (e.notFound() && !d.expression().isEmpty()) {
                throw new DecisioningException(Kind.FAILED_PRECONDITION, "POPULATION_SEGMENT_MISSING", "an audience "
                        + "expression is evaluated over the persons of scoring's population segment '" + segment
                        + "', which does not exist; define it once in scoring (expression `true`) or set "
                        + "crowsnest.decisioning.campaigns.population-segment", Map.of("segment_id", segment));
            }
            if (e.notFound()) {
                throw new DecisioningException(Kind.NOT_FOUND, "SEGMENT_NOT_FOUND", "scoring has no segment '"
                        + segment + "'", Map.of("segment_id", segment));
            }
            throw new DecisioningException(Kind.UNAVAILABLE, "SCORING_UNAVAILABLE", "scoring did not answer ("
                    + e.code() + "); retry with the same idempotency key");
        }
        if (size == 0 && !d.triggered()) { // a TRIGGERED campaign waits for persons to enter
            throw new DecisioningException(Kind.FAILED_PRECONDITION, "AUDIENCE_EMPTY", "segment '" + segment
                    + "' has no member now; a campaign needs an audience", Map.of("segment_id", segment));
        }
        return new Checked(Map.copyOf(known), segment, size);
    }

    /** The audience expression compiles to a bool over profile, scores, segments, value, answers and now. */
    private void expression(String source) {
        String field = "spec.audience.expression";
        List<FieldProblem.Violation> violations = new ArrayList<>();
        try {
            CompiledExpression compiled = expressions.compile(source, ExpressionLanguage.Result.BOOL);
            for (String root : NOT_AUDIENCE_VARIABLES) {
                if (compiled.reads(root)) {
                    violations.add(new FieldProblem.Violation(field, "`" + root + "` is not a variable of an audience"
                            + " expression (profile, scores, segments, value, answers and now are)"));
                }
            }
        } catch (ExpressionException e) {
            for (ExpressionProblem p : e.problems()) {
                violations.add(new FieldProblem.Violation(field, p.describe()));
            }
        }
        if (!violations.isEmpty()) {
            throw new FieldProblem(violations);
        }
    }
}
