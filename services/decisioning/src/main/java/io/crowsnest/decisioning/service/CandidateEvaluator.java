package io.crowsnest.decisioning.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import io.crowsnest.decisioning.domain.Action;
import io.crowsnest.decisioning.domain.ActionKind;
import io.crowsnest.decisioning.domain.ActionSnapshot;
import io.crowsnest.decisioning.domain.ActionSpec;
import io.crowsnest.decisioning.domain.Declines;
import io.crowsnest.decisioning.domain.Direction;
import io.crowsnest.decisioning.domain.Factor;
import io.crowsnest.decisioning.domain.GovernanceView;
import io.crowsnest.decisioning.domain.LearnedPropensity;
import io.crowsnest.decisioning.domain.Money;
import io.crowsnest.decisioning.domain.RankedAction;
import io.crowsnest.decisioning.domain.Ranking;
import io.crowsnest.decisioning.domain.Reason;
import io.crowsnest.decisioning.domain.RejectedAction;
import io.crowsnest.decisioning.domain.RenderedContent;
import io.crowsnest.decisioning.expression.CompiledExpression;
import io.crowsnest.decisioning.expression.ExpressionException;
import io.crowsnest.decisioning.expression.ExpressionLanguage;
import io.crowsnest.decisioning.template.TemplateException;
import io.crowsnest.decisioning.template.Templates;

/**
 * Judges every candidate of one decision: keeps every reason that leaves it out, and for the others
 * computes P × C × V × L with the source of each figure, the governance verdict, the rendered
 * content and the reason the agent reads.
 */
final class CandidateEvaluator {

    /** An eligible candidate before ranking. */
    record Eligible(RankedAction ranked) {
    }

    private final ExpressionLanguage cel;
    private final Templates templates;
    private final PropensityModel model;
    private final DecideCommand cmd;
    private final DecisionInputs in;
    private final DecisionVariables vars;
    private final List<Declines.Decline> declines;
    private final String decisionId;
    private final Instant now;
    private final String currency;

    CandidateEvaluator(ExpressionLanguage cel, Templates templates, PropensityModel model, DecideCommand cmd,
            DecisionInputs in, List<Declines.Decline> declines, String decisionId, Instant now, String currency) {
        this.cel = cel;
        this.templates = templates;
        this.model = model;
        this.cmd = cmd;
        this.in = in;
        this.vars = new DecisionVariables(in, cmd.channel(), cmd.context(), now);
        this.declines = declines;
        this.decisionId = decisionId;
        this.now = now;
        this.currency = currency;
    }

    /** Either an eligible candidate (left) or a rejection (right). */
    Object evaluate(Action a) {
        ActionSpec s = a.spec();
        List<Reason> reasons = new ArrayList<>();
        var checked = s.isContact() ? in.verdicts().get(InputReader.key(a)) : null;
        GovernanceView governance = checked == null ? null : checked.view();
        Map<String, Object> exprVars = vars.forExpression(governance);
        if (s.kind() == ActionKind.QUESTION && in.profile().isEmpty()) {
            reasons.add(Reason.of("PROFILE_UNAVAILABLE", "profile did not answer, so whether the question was "
                    + "answered is unknown"));
        } else if (s.question() != null && vars.answered(s.question().questionId())) {
            reasons.add(Reason.of("QUESTION_ALREADY_ANSWERED", "the customer has already answered question '"
                    + s.question().questionId() + "'; it is never asked twice"));
        }
        Declines.blocking(declines, a.id(), cmd.context().sessionId(), s.cooldownOrDefault(), now)
                .ifPresent(reasons::add);
        List<String> heldClauses = eligibility(s, exprVars, reasons);
        boolean capped = false;
        if (s.isContact()) {
            if (governance == null) {
                String error = in.verdictErrors().getOrDefault(InputReader.key(a), "not asked");
                boolean down = error.startsWith("UNAVAILABLE") || error.startsWith("DEADLINE_EXCEEDED");
                reasons.add(Reason.of(down ? "GOVERNANCE_UNAVAILABLE" : "GOVERNANCE_REFUSED", "contact-governance "
                        + "gave no verdict for division " + s.division() + ", category " + s.category() + " (" + error
                        + ")"));
            } else if (!governance.allowed()) {
                if (cmd.context().direction() == Direction.INBOUND && governance.cappedOnly()) {
                    capped = true;
                } else {
                    reasons.add(blocked(governance));
                }
            }
        }
        if (!reasons.isEmpty()) {
            return new RejectedAction(ActionSnapshot.of(a), reasons, governance, 0);
        }
        List<Factor> factors = new ArrayList<>();
        boolean explore = s.propensity().isBlank()
                && LearnedPropensity.explores(decisionId, model.explorationShare());
        Optional<Reason> failed = factor(a, exprVars, factors, explore);
        if (failed.isPresent()) {
            return new RejectedAction(ActionSnapshot.of(a), List.of(failed.get()), governance, 0);
        }
        Ranking ranking = new Ranking(s.priority(), factors, explore);
        double propensity = ranking.factor(Factor.PROPENSITY);
        Money value = value(s, ranking);
        Money expected = value == null ? null : Money.ofMajor(currency, propensity * value.major());
        try {
            RenderedContent content = content(a);
            Reason reason = reason(a, heldClauses);
            return new Eligible(new RankedAction(0, ActionSnapshot.of(a), reason, ranking, propensity, value, expected,
                    governance, capped, content));
        } catch (TemplateException e) {
            return new RejectedAction(ActionSnapshot.of(a), List.of(Reason.of("TEMPLATE_ERROR",
                    "a template failed for this customer: " + e.describe())), governance, propensity);
        }
    }

    /** Checks eligibility; adds the reason when not eligible; returns the clauses that held. */
    private List<String> eligibility(ActionSpec s, Map<String, Object> exprVars, List<Reason> reasons) {
        if (s.eligibility().isBlank()) {
            return List.of();
        }
        CompiledExpression e = cel.compile(s.eligibility(), ExpressionLanguage.Result.BOOL);
        Optional<Reason> missing = missingInput(e);
        if (missing.isPresent()) {
            reasons.add(missing.get());
            return List.of();
        }
        try {
            if (cel.test(e, exprVars)) {
                return e.clauses().stream().map(CompiledExpression.Clause::text).toList();
            }
            reasons.add(new Reason("NOT_ELIGIBLE", "eligibility is false: " + String.join("; ",
                    cel.falseClauses(e, exprVars).stream().map(c -> "`" + c + "` is false").toList()), Map.of()));
        } catch (ExpressionException ex) {
            reasons.add(Reason.of("ELIGIBILITY_ERROR", "the eligibility expression failed for this customer: "
                    + ex.getMessage()));
        }
        return List.of();
    }

    private Optional<Reason> missingInput(CompiledExpression e) {
        if (in.profile().isEmpty() && (e.reads("profile") || e.reads("answers"))) {
            return Optional.of(Reason.of("PROFILE_UNAVAILABLE", "it reads the profile, which did not answer"));
        }
        if (in.scores().isEmpty() && (e.reads("scores") || e.reads("segments") || e.reads("value"))) {
            return Optional.of(Reason.of("SCORES_UNAVAILABLE", "it reads scores, which scoring did not give"));
        }
        return Optional.empty();
    }

    /** Adds P, C, V and L; returns the reason when one of their expressions failed. */
    private Optional<Reason> factor(Action a, Map<String, Object> exprVars, List<Factor> factors, boolean explore) {
        ActionSpec s = a.spec();
        try {
            if (s.propensity().isBlank()) {
                SplittableRandom random = new SplittableRandom(LearnedPropensity.seed(decisionId + a.id()));
                factors.add(LearnedPropensity.factor(model.prior(), model.evidence(a.id(), cmd.channel()),
                        cmd.channel(), model.windowDays(), explore, random));
            } else {
                double p = Math.max(0, Math.min(1, number(s.propensity(), exprVars, "PROPENSITY_ERROR")));
                factors.add(new Factor(Factor.PROPENSITY, p, "propensity expression `" + s.propensity() + "`",
                        Map.of()));
            }
            if (s.contextWeight().isBlank()) {
                factors.add(new Factor(Factor.CONTEXT_WEIGHT, 1, "no context weight set: neutral 1", Map.of()));
            } else {
                double c = Math.max(0, Math.min(10, number(s.contextWeight(), exprVars, "CONTEXT_ERROR")));
                factors.add(new Factor(Factor.CONTEXT_WEIGHT, c, "context weight expression `" + s.contextWeight()
                        + "`", Map.of()));
            }
            if (!s.valueExpression().isBlank()) {
                double v = Math.max(0, number(s.valueExpression(), exprVars, "VALUE_ERROR"));
                factors.add(new Factor(Factor.VALUE, v, "value expression `" + s.valueExpression() + "` in "
                        + currency, Map.of("currency", currency)));
            } else if (s.value() != null) {
                factors.add(new Factor(Factor.VALUE, s.value().major(), "value of the action: " + s.value().display(),
                        Map.of("currency", s.value().currency())));
            } else {
                factors.add(new Factor(Factor.VALUE, 1, "the action has no value: neutral 1", Map.of()));
            }
            double lever = s.lever() == null ? 1 : s.lever();
            factors.add(new Factor(Factor.LEVER, lever, s.lever() == null ? "no business lever set: neutral 1"
                    : "business lever set by marketing", Map.of()));
            return Optional.empty();
        } catch (FactorFailure f) {
            return Optional.of(f.reason);
        }
    }

    private double number(String source, Map<String, Object> exprVars, String code) {
        CompiledExpression e = cel.compile(source, ExpressionLanguage.Result.NUMBER);
        Optional<Reason> missing = missingInput(e);
        if (missing.isPresent()) {
            throw new FactorFailure(missing.get());
        }
        try {
            return cel.number(e, exprVars);
        } catch (ExpressionException ex) {
            throw new FactorFailure(Reason.of(code, "`" + source + "` failed for this customer: " + ex.getMessage()));
        }
    }

    private Money value(ActionSpec s, Ranking ranking) {
        if (!s.valueExpression().isBlank()) {
            return Money.ofMajor(currency, ranking.factor(Factor.VALUE));
        }
        return s.value();
    }

    private RenderedContent content(Action a) {
        return a.spec().template(cmd.channel(), vars.language()).map(t -> {
            Map<String, Object> data = vars.forTemplate(a);
            return new RenderedContent(cmd.channel(), t.language(),
                    t.subject().isEmpty() ? "" : templates.render(t.subject(), data), templates.render(t.body(), data),
                    t.contentType().isEmpty() ? "text/plain" : t.contentType());
        }).orElse(null);
    }

    private Reason reason(Action a, List<String> held) {
        ActionSpec s = a.spec();
        String code = s.reasonCode().isEmpty() ? "ELIGIBLE" : s.reasonCode();
        if (!s.reasonTemplate().isEmpty()) {
            return Reason.of(code, templates.render(s.reasonTemplate(), vars.forTemplate(a)).strip());
        }
        if (held.isEmpty()) {
            return Reason.of(code, "eligible for every customer" + (s.productId().isEmpty() ? ""
                    : "; concerns product " + s.productId()));
        }
        return Reason.of(code, "eligible because " + String.join(" and ", held.stream().map(c -> "`" + c + "`")
                .toList()) + " hold for this customer");
    }

    private static Reason blocked(GovernanceView v) {
        String why = String.join("; ", v.blocking().stream().map(Reason::message).toList());
        String next = v.nextAllowedAt() != null ? "; next allowed " + v.nextAllowedAt()
                : v.indefinitely() ? "; only a consent change clears it" : "";
        return new Reason("GOVERNANCE_BLOCKED", "contact-governance blocks this contact: " + why + next,
                v.nextAllowedAt() != null ? Map.of("next_allowed_at", v.nextAllowedAt().toString()) : Map.of());
    }

    /** An expression of a factor that failed for this person. */
    private static final class FactorFailure extends RuntimeException {
        private final transient Reason reason;

        FactorFailure(Reason reason) {
            super(reason.message(), null, false, false);
            this.reason = reason;
        }
    }
}
