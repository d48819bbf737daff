package io.crowsnest.scoring.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import io.crowsnest.scoring.domain.Json;

/**
 * JSON values between the contract (google.protobuf.Value) and the domain (String, Double,
 * Boolean, List, Map, Json.NULL).
 */
final class JsonValues {

    private JsonValues() {
    }

    /** Object fields in their order. */
    static Map<String, Object> object(Map<String, Value> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> out.put(k, json(v)));
        return out;
    }

    /** A protobuf JSON value as String, Double, Boolean, List, Map or Json.NULL; null when unset. */
    static Object json(Value value) {
        return switch (value.getKindCase()) {
            case NULL_VALUE -> Json.NULL;
            case NUMBER_VALUE -> value.getNumberValue();
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case STRUCT_VALUE -> object(value.getStructValue().getFieldsMap());
            case LIST_VALUE -> value.getListValue().getValuesList().stream().map(JsonValues::json).toList();
            case KIND_NOT_SET -> null;
        };
    }

    /** Object fields as protobuf values, in their order. */
    static Map<String, Value> values(Map<String, Object> object) {
        Map<String, Value> out = new LinkedHashMap<>();
        object.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    /** The reverse of {@link #json(Value)} (null and Json.NULL are JSON null). */
    static Value value(Object json) {
        if (json instanceof String s) {
            return Value.newBuilder().setStringValue(s).build();
        }
        if (json instanceof Number n) {
            return Value.newBuilder().setNumberValue(n.doubleValue()).build();
        }
        if (json instanceof Boolean b) {
            return Value.newBuilder().setBoolValue(b).build();
        }
        if (json instanceof List<?> list) {
            ListValue.Builder out = ListValue.newBuilder();
            list.forEach(e -> out.addValues(value(e)));
            return Value.newBuilder().setListValue(out).build();
        }
        if (json instanceof Map<?, ?> map) {
            Struct.Builder out = Struct.newBuilder();
            map.forEach((k, v) -> out.putFields(k.toString(), value(v)));
            return Value.newBuilder().setStructValue(out).build();
        }
        return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
}
