package io.crowsnest.decisioning.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.crowsnest.decisioning.client.PersonProfile;
import io.crowsnest.decisioning.client.PersonScores;
import io.crowsnest.decisioning.domain.Action;
import io.crowsnest.decisioning.domain.DecisionContext;
import io.crowsnest.decisioning.domain.GovernanceView;
import io.crowsnest.decisioning.expression.ExpressionLanguage;

/**
 * The variables of one decision, for expressions (CEL) and templates (Qute), built once from what
 * profile and scoring answered; {@code contact} and {@code action} are added per candidate.
 */
final class DecisionVariables {

    private final Map<String, Object> expression = new HashMap<>();
    private final Map<String, Object> template = new HashMap<>();
    private final java.util.Set<String> answeredQuestions = new java.util.HashSet<>();
    private final String language;

    DecisionVariables(DecisionInputs in, String channel, DecisionContext context, Instant now) {
        PersonProfile profile = in.profile().orElse(null);
        PersonScores scores = in.scores().orElse(PersonScores.none());
        Map<String, Double> scoreMap = new LinkedHashMap<>(scores.scores());
        List<String> segments = new ArrayList<>(scores.segments());
        Map<String, Object> answers = profile == null ? new LinkedHashMap<>() : new LinkedHashMap<>(profile.answers());
        answeredQuestions.addAll(answers.keySet());
        Map<String, Object> contextMap = new LinkedHashMap<>();
        contextMap.put("channel", "CHANNEL_" + channel);
        contextMap.put("direction", "INTERACTION_DIRECTION_" + context.direction().name());
        contextMap.put("division", context.division());
        contextMap.put("placement", context.placement());
        contextMap.put("agent_id", context.agentId());
        contextMap.put("session_id", context.sessionId());
        contextMap.put("properties", context.properties());

        expression.put("profile", ExpressionLanguage.profile(profile == null ? new byte[0] : profile.encoded()));
        expression.put("scores", scoreMap);
        expression.put("segments", segments);
        expression.put("value", ExpressionLanguage.valueScores(scores.value()));
        expression.put("answers", answers);
        expression.put("context", contextMap);
        expression.put("now", ExpressionLanguage.timestamp(now));

        List<Map<String, Object>> products = new ArrayList<>();
        Map<String, Object> holdings = new LinkedHashMap<>();
        for (PersonProfile.Holding p : profile == null ? List.<PersonProfile.Holding>of() : profile.products()) {
            Map<String, Object> holding = new LinkedHashMap<>();
            holding.put("product_id", p.productId());
            holding.put("name", p.name());
            holding.put("version", p.version());
            holding.put("division", p.division());
            products.add(holding);
            holdings.put(p.productId(), holding);
        }
        Map<String, Object> person = new LinkedHashMap<>();
        if (profile != null) {
            person.putAll(profile.attributes());
        }
        person.put("custom", profile == null ? new LinkedHashMap<>() : profile.custom());
        template.put("person", person);
        template.put("products", products);
        template.put("holdings", holdings);
        template.put("scores", scoreMap);
        template.put("segments", segments);
        template.put("answers", answers);
        template.put("context", contextMap);
        language = profile == null ? "" : profile.language();
    }

    boolean answered(String questionId) {
        return answeredQuestions.contains(questionId);
    }

    String language() {
        return language;
    }

    /** Expression variables with the action's governance verdict as {@code contact}. */
    Map<String, Object> forExpression(GovernanceView verdict) {
        Map<String, Object> vars = new HashMap<>(expression);
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("checked", verdict != null);
        contact.put("allowed", verdict == null || verdict.allowed());
        contact.put("reasons", verdict == null ? List.of()
                : verdict.blocking().stream().map(r -> r.code()).toList());
        contact.put("next_allowed_at", verdict == null || verdict.nextAllowedAt() == null ? ""
                : verdict.nextAllowedAt().toString());
        vars.put("contact", contact);
        return vars;
    }

    /** Template data with the action's facts as {@code action}. */
    Map<String, Object> forTemplate(Action a) {
        Map<String, Object> data = new HashMap<>(template);
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("id", a.id());
        action.put("name", a.spec().name());
        action.put("description", a.spec().description());
        action.put("value", a.spec().value() == null ? "" : a.spec().value().display());
        action.put("product_id", a.spec().productId());
        data.put("action", action);
        return data;
    }
}
