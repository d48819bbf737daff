package io.crowsnest.scoring.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.Json;
import io.crowsnest.scoring.domain.PersonState;
import io.crowsnest.scoring.domain.PlanBook;
import io.crowsnest.scoring.domain.ScoreValues;
import io.crowsnest.scoring.domain.SegmentLanguage;
import io.crowsnest.scoring.store.JsonText;

/**
 * The variables a segment expression sees for one person at one instant (features and events
 * built only when an expression reads them), and the values of the paths an expression read, for
 * its explanation.
 */
final class SegmentVariables {

    private static final String ATTRIBUTES = "attributes.";

    private final Map<String, Object> variables = new HashMap<>();

    /**
     * @param attributes the person's profile attributes by attribute path (plain JSON values)
     * @param reads      the variables some segment reads: features and value are only built for them
     * @param messages   the messages features and value are read as
     */
    SegmentVariables(SegmentLanguage language, PlanBook book, PersonState state, Map<String, Object> attributes,
            Instant now, Supplier<Features> features, ValueScoring value, Set<String> reads,
            VariableMessages messages) {
        Map<String, Object> scores = new HashMap<>();
        Map<String, Double> values = ScoreValues.at(book, state.scores(), now);
        language.scoreNames().forEach(name -> scores.put(name, values.getOrDefault(name, 0.0)));
        variables.put("scores", scores);
        if (readsRecent(reads)) {
            Features f = features.get();
            variables.put("features", messages.features(f, now));
            variables.put("value", messages.value(reads.contains("value") ? value.of(state, f, values, now)
                    : null));
        }
        variables.put("attributes", attributes);
        List<Map<String, Object>> events = new ArrayList<>();
        state.retainedEvents().forEach(json -> events.add(event(JsonText.object(json))));
        variables.put("events", events);
        variables.put("now", Timestamps.of(now));
    }

    /**
     * Whether segments reading these variables need the person's recent events, sessions and
     * purchases: features and value scores are built from them.
     */
    static boolean readsRecent(Set<String> reads) {
        return reads.contains("features") || reads.contains("value");
    }

    Map<String, Object> all() {
        return variables;
    }

    /**
     * A retained event as the live store keeps it (JSON written by the adapter: event_id,
     * event_type, channel ("email"), occurred_at (epoch ms), source, referrer, properties,
     * purchase_amount_minor and purchase_currency) as the segment language's {@code events} reads it.
     */
    private static Map<String, Object> event(Map<String, Object> retained) {
        Map<String, Object> event = new HashMap<>();
        for (String text : List.of("event_type", "channel", "source", "referrer")) {
            event.put(text, retained.get(text));
        }
        event.put("occurred_at", Timestamps.of(Instant.ofEpochMilli(number(retained.get("occurred_at")))));
        event.put("properties", retained.get("properties"));
        event.put("purchase_amount_minor", number(retained.get("purchase_amount_minor")));
        return event;
    }

    private static long number(Object json) {
        return ((Double) json).longValue();
    }

    /**
     * The value of each path an expression read, as a plain JSON value (see
     * {@link io.crowsnest.scoring.domain.Json}). An attribute path is one key of {@code attributes}
     * ("attributes.demographics.birth_year"); one the person does not have is null.
     */
    Map<String, Object> inputs(List<String> paths) {
        Map<String, Object> inputs = new HashMap<>();
        for (String path : paths) {
            if (path.startsWith(ATTRIBUTES)) {
                inputs.put(path, plain(((Map<?, ?>) variables.get("attributes"))
                        .get(path.substring(ATTRIBUTES.length()))));
                continue;
            }
            Object at = variables;
            for (String part : path.split("\\.")) {
                at = field(at, part);
            }
            inputs.put(path, json(at));
        }
        return inputs;
    }

    private static Object field(Object from, String name) {
        if (from instanceof Map<?, ?> map) {
            return map.get(name);
        }
        if (from instanceof Message message) {
            FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
            return field == null ? null : message.getField(field);
        }
        return null;
    }

    private static Object json(Object value) {
        if (value instanceof Timestamp t) {
            return Timestamps.instant(t).toString();
        }
        if (value instanceof List<?> list) {
            return list.size() + " item(s)";
        }
        if (value instanceof Message m) {
            try {
                return JsonText.object(JsonFormat.printer().preservingProtoFieldNames().print(m));
            } catch (InvalidProtocolBufferException e) {
                return m.toString();
            }
        }
        if (value instanceof Descriptors.EnumValueDescriptor e) {
            return e.getName();
        }
        return plain(value);
    }

    /** A value as JSON holds it: numbers as Double, null as JSON null. */
    private static Object plain(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String || value instanceof Boolean || value instanceof List || value instanceof Map) {
            return value;
        }
        return Json.NULL;
    }
}
