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

    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an adapter answered JSON that does not parse", e);
        }
    }
}
