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
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.scoring.domain.Features;
import io.crowsnest.scoring.domain.PersonState;
import io.crowsnest.scoring.domain.PlanBook;
import io.crowsnest.scoring.domain.ScoreValues;
import io.crowsnest.scoring.domain.SegmentLanguage;
import io.crowsnest.scoring.v1.ValueScores;

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
     */
    SegmentVariables(SegmentLanguage language, PlanBook book, PersonState state, Map<String, Object> attributes,
            Instant now, Supplier<Features> features, ValueScoring value, Set<String> reads) {
        Map<String, Object> scores = new HashMap<>();
        Map<String, Double> values = ScoreValues.at(book, state.scores(), now);
        language.scoreNames().forEach(name -> scores.put(name, values.getOrDefault(name, 0.0)));
        variables.put("scores", scores);
        if (readsRecent(reads)) {
            Features f = features.get();
            variables.put("features", FeatureMapping.features(f, now));
            variables.put("value", reads.contains("value") ? value.of(state, f, values, now)
                    : ValueScores.getDefaultInstance());
        }
        variables.put("attributes", attributes);
        List<Map<String, Object>> events = new ArrayList<>();
        state.retainedEvents().forEach(json -> events.add(event(RetainedEvents.parse(json))));
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

    private static Map<String, Object> event(Struct retained) {
        Map<String, Object> event = new HashMap<>();
        Map<String, Value> f = retained.getFieldsMap();
        for (String text : List.of("event_type", "channel", "source", "referrer")) {
            event.put(text, f.get(text).getStringValue());
        }
        event.put("occurred_at", Timestamps.of(Instant.ofEpochMilli((long) f.get("occurred_at").getNumberValue())));
        event.put("properties", EventMapping.object(f.get("properties").getStructValue().getFieldsMap()));
        event.put("purchase_amount_minor", (long) f.get("purchase_amount_minor").getNumberValue());
        return event;
    }

    /**
     * The value of each path an expression read, as JSON. An attribute path is one key of
     * {@code attributes} ("attributes.demographics.birth_year"); one the person does not have is null.
     */
    Map<String, Value> inputs(List<String> paths) {
        Map<String, Value> inputs = new HashMap<>();
        for (String path : paths) {
            if (path.startsWith(ATTRIBUTES)) {
                inputs.put(path, EventMapping.value(((Map<?, ?>) variables.get("attributes"))
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

    private static Value json(Object value) {
        if (value instanceof Timestamp t) {
            return Value.newBuilder().setStringValue(Timestamps.instant(t).toString()).build();
        }
        if (value instanceof List<?> list) {
            return Value.newBuilder().setStringValue(list.size() + " item(s)").build();
        }
        if (value instanceof Message m) {
            try {
                Struct.Builder out = Struct.newBuilder();
                JsonFormat.parser().merge(JsonFormat.printer().preservingProtoFieldNames().print(m), out);
                return Value.newBuilder().setStructValue(out).build();
            } catch (InvalidProtocolBufferException e) {
                return Value.newBuilder().setStringValue(m.toString()).build();
            }
        }
        if (value instanceof Descriptors.EnumValueDescriptor e) {
            return Value.newBuilder().setStringValue(e.getName()).build();
        }
        return EventMapping.value(value);
    }
}
