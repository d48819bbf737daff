package io.crowsnest.decisioning.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.decisioning.domain.ActionSpec;
import io.crowsnest.decisioning.domain.FieldProblem;
import io.crowsnest.decisioning.domain.MessageTemplate;
import io.crowsnest.decisioning.expression.ExpressionException;
import io.crowsnest.decisioning.expression.ExpressionLanguage;
import io.crowsnest.decisioning.expression.ExpressionProblem;
import io.crowsnest.decisioning.template.TemplateException;
import io.crowsnest.decisioning.template.Templates;

/**
 * Checks the expressions and templates of a spec before anything is saved: each must compile
 * against the variables a decision offers; a problem names the field and its line and column.
 */
@ApplicationScoped
public class ActionSpecCheck {

    @Inject
    ExpressionLanguage expressions;
    @Inject
    Templates templates;

    public void check(ActionSpec spec) {
        List<FieldProblem.Violation> violations = new ArrayList<>();
        expression(spec.eligibility(), ExpressionLanguage.Result.BOOL, "spec.eligibility_expression", violations);
        expression(spec.propensity(), ExpressionLanguage.Result.NUMBER, "spec.propensity_expression", violations);
        expression(spec.valueExpression(), ExpressionLanguage.Result.NUMBER, "spec.value_expression", violations);
        expression(spec.contextWeight(), ExpressionLanguage.Result.NUMBER, "spec.context_weight_expression",
                violations);
        template(spec.reasonTemplate(), "spec.reason_template", violations);
        for (int i = 0; i < spec.templates().size(); i++) {
            MessageTemplate t = spec.templates().get(i);
            template(t.subject(), "spec.templates[" + i + "].subject", violations);
            template(t.body(), "spec.templates[" + i + "].body", violations);
        }
        if (!violations.isEmpty()) {
            throw new FieldProblem(violations);
        }
    }

    private void expression(String source, ExpressionLanguage.Result result, String field,
            List<FieldProblem.Violation> violations) {
        if (source.isBlank()) {
            return;
        }
        try {
            expressions.compile(source, result);
        } catch (ExpressionException e) {
            for (ExpressionProblem p : e.problems()) {
                violations.add(new FieldProblem.Violation(field, p.describe()));
            }
        }
    }

    private void template(String source, String field, List<FieldProblem.Violation> violations) {
        if (source.isEmpty()) {
            return;
        }
        try {
            templates.check(source);
        } catch (TemplateException e) {
            violations.add(new FieldProblem.Violation(field, e.describe()));
        }
    }
}
