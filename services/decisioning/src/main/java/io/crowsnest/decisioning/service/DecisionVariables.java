package io.crowsnest.decisioning.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.crowsnest.contactgovernance.v1.Verdict;
import io.crowsnest.decisioning.domain.Action;
import io.crowsnest.decisioning.domain.DecisionContext;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.v1.Answer;
import io.crowsnest.profile.v1.Attributes;
import io.crowsnest.profile.v1.Profile;
import io.crowsnest.profile.v1.ProductHolding;
import io.crowsnest.scoring.v1.PersonScores;
import io.crowsnest.scoring.v1.SegmentMembership;
import io.crowsnest.scoring.v1.SystemMemberships;
import io.crowsnest.scoring.v1.ValueScores;

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
        Profile profile = in.profile().orElse(Profile.getDefaultInstance());
        PersonScores scores = in.scores().orElse(PersonScores.getDefaultInstance());
        Map<String, Double> scoreMap = new LinkedHashMap<>();
        scores.getScoresList().forEach(s -> scoreMap.put(s.getName(), s.getValue()));
        List<String> segments = new ArrayList<>();
        for (SystemMemberships system : scores.getMembershipsList()) {
            system.getSegmentsList().stream().map(SegmentMembership::getSegmentId).forEach(segments::add);
        }
        Map<String, Object> answers = new LinkedHashMap<>();
        for (Answer a : profile.getAnswersList()) {
            answers.put(a.getQuestionId(), JsonValues.of(a.getAnswer()));
            answeredQuestions.add(a.getQuestionId());
        }
        Map<String, Object> contextMap = new LinkedHashMap<>();
        contextMap.put("channel", "CHANNEL_" + channel);
        contextMap.put("direction", "INTERACTION_DIRECTION_" + context.direction().name());
        contextMap.put("division", context.division());
        contextMap.put("placement", context.placement());
        contextMap.put("agent_id", context.agentId());
        contextMap.put("session_id", context.sessionId());
        contextMap.put("properties", context.properties());
        ValueScores value = scores.getValue();

        expression.put("profile", profile);
        expression.put("scores", scoreMap);
        expression.put("segments", segments);
        expression.put("value", value);
        expression.put("answers", answers);
        expression.put("context", contextMap);
        expression.put("now", Timestamps.of(now));

        List<Map<String, Object>> products = new ArrayList<>();
        Map<String, Object> holdings = new LinkedHashMap<>();
        for (ProductHolding p : profile.getProductsList()) {
            if (p.hasEndedAt()) {
                continue;
            }
            Map<String, Object> holding = new LinkedHashMap<>();
            holding.put("product_id", p.getProductId());
            holding.put("name", p.getName());
            holding.put("version", p.getVersion());
            holding.put("division", p.getDivision().getId());
            products.add(holding);
            holdings.put(p.getProductId(), holding);
        }
        template.put("person", person(profile.getAttributes()));
        template.put("products", products);
        template.put("holdings", holdings);
        template.put("scores", scoreMap);
        template.put("segments", segments);
        template.put("answers", answers);
        template.put("context", contextMap);
        language = profile.getAttributes().getLanguage();
    }

    boolean answered(String questionId) {
        return answeredQuestions.contains(questionId);
    }

    String language() {
        return language;
    }

    /** Expression variables with the action's governance verdict as {@code contact}. */
    Map<String, Object> forExpression(Verdict verdict) {
        Map<String, Object> vars = new HashMap<>(expression);
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("checked", verdict != null);
        contact.put("allowed", verdict == null || verdict.getAllowed());
        contact.put("reasons", verdict == null ? List.of()
                : verdict.getViolationsList().stream().map(v -> v.getReason().getCode()).toList());
        contact.put("next_allowed_at", verdict == null || !verdict.hasNextAllowedAt() ? ""
                : Timestamps.instant(verdict.getNextAllowedAt()).toString());
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

    /** The attributes the person has; one they lack is missing (a template may default it with ?:). */
    private static Map<String, Object> person(Attributes a) {
        Map<String, Object> person = new LinkedHashMap<>();
        putIfSet(person, "given_name", a.getGivenName());
        putIfSet(person, "family_name", a.getFamilyName());
        putIfSet(person, "language", a.getLanguage());
        putIfSet(person, "time_zone", a.getTimeZone());
        putIfSet(person, "country", a.getCountry());
        putIfSet(person, "city", a.getCity());
        putIfSet(person, "postal_code", a.getPostalCode());
        person.put("custom", JsonValues.of(a.getCustomMap()));
        return person;
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (!value.isEmpty()) {
            map.put(key, value);
        }
    }
}
