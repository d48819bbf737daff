package io.crowsnest.scoring.store;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * JSON text the stores keep (a person's attributes, its retained events) read as the domain holds
 * JSON values: String, Double (every number), Boolean, List, Map and
 * {@link io.crowsnest.scoring.domain.Json#NULL}.
 */
public final class JsonText {

    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private JsonText() {
    }

    /** A JSON object, its members in the order written. */
    public static Map<String, Object> object(String json) {
        return object(json, LinkedHashMap::new);
    }

    /** A JSON object, its members (and those of nested objects) by name. */
    static Map<String, Object> sortedObject(String json) {
        return object(json, TreeMap::new);
    }

    private static Map<String, Object> object(String json, Supplier<Map<String, Object>> maps) {
        try (JsonReader reader = READERS.createReader(new StringReader(json))) {
            return object(reader.readObject(), maps);
        } catch (RuntimeException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    private static Map<String, Object> object(JsonObject object, Supplier<Map<String, Object>> maps) {
        Map<String, Object> out = maps.get();
        object.forEach((name, value) -> out.put(name, plain(value, maps)));
        return out;
    }

    private static Object plain(JsonValue value, Supplier<Map<String, Object>> maps) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).doubleValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> io.crowsnest.scoring.domain.Json.NULL;
            case ARRAY -> {
                List<Object> list = ((JsonArray) value).stream().map(v -> plain(v, maps)).toList();
                yield list;
            }
            case OBJECT -> object((JsonObject) value, maps);
        };
    }
}
