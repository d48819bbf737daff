package io.crowsnest.gateway.console;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowsnest.gateway.api.GrpcProblems;
import io.crowsnest.gateway.api.InvalidRequest;
import io.grpc.StatusRuntimeException;

/**
 * One section of a page: the JSON an API adapter answered, as maps the templates walk, or why it
 * is missing — a service that is down empties its section, not the page.
 */
final class Views {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Views() {
    }

    /** The section's data under "data", or its problem under "error" (a sentence for the agent). */
    static Map<String, Object> section(Supplier<Object> read) {
        Map<String, Object> section = new LinkedHashMap<>();
        try {
            Object answer = read.get();
            section.put("data", answer instanceof Response r ? parse(String.valueOf(r.getEntity()))
                    : JSON.convertValue(answer, new TypeReference<Map<String, Object>>() {
                    }));
        } catch (StatusRuntimeException e) {
            var problem = GrpcProblems.toProblem(e);
            section.put("error", problem.title() + ": " + problem.detail());
            section.put("status", problem.status());
        } catch (InvalidRequest e) {
            section.put("error", e.getMessage());
            section.put("status", 400);
        }
        return section;
    }

    /**
     * The answer a console form sent, as the JSON value the question's type asks for (a bool, a
     * number, a choice id or text, a list of choice ids), or null when the form's answer does not
     * fit the type.
     */
    static String answerJson(String answerType, java.util.List<String> answers) {
        java.util.List<String> given = answers.stream().filter(a -> a != null && !a.isBlank()).map(String::trim)
                .toList();
        try {
            if ("ANSWER_TYPE_MULTIPLE_CHOICE".equals(answerType)) {
                return given.isEmpty() ? null : JSON.writeValueAsString(given);
            }
            if (given.size() != 1) {
                return null;
            }
            String answer = given.get(0);
            return switch (answerType == null ? "" : answerType) {
                case "ANSWER_TYPE_YES_NO" -> answer.equals("true") || answer.equals("false") ? answer : null;
                case "ANSWER_TYPE_NUMBER" -> new java.math.BigDecimal(answer).toString();
                default -> JSON.writeValueAsString(answer);
            };
        } catch (NumberFormatException | JsonProcessingException e) {
            return null;
        }
    }

    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an adapter answered JSON that does not parse", e);
        }
    }
}
