package io.crowsnest.platform.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

/**
 * google.protobuf.Value (and the fields of a Struct) as plain Java values and back: a number is a
 * Double, a string a String, a boolean a Boolean, a list a List, an object a Map in its field order.
 *
 * <p>The rule for JSON null, the same in every service: reading, a JSON null ({@code NULL_VALUE})
 * is this reader's stand-in for null, and a value with no kind set is its stand-in for unset (the
 * same stand-in unless the service tells them apart); both stand-ins are Java null in
 * {@link #PLAIN}. Writing, Java null is a JSON null, and so is the stand-in for null when it is no
 * JSON value itself (a stand-in that is a string, such as "", is written as that string). Any other
 * Java value that is no JSON value is refused with IllegalArgumentException: it is a bug, not data.
 */
public final class JsonValues {

    /** JSON null and an unset value read as Java null. */
    public static final JsonValues PLAIN = new JsonValues(null, null);

    private final Object jsonNull;
    private final Object unset;

    private JsonValues(Object jsonNull, Object unset) {
        this.jsonNull = jsonNull;
        this.unset = unset;
    }

    /** A reader for which JSON null and an unset value read as {@code jsonNull}. */
    public static JsonValues nullAs(Object jsonNull) {
        return new JsonValues(jsonNull, jsonNull);
    }

    /** A reader for which JSON null reads as {@code jsonNull} and an unset value as {@code unset}. */
    public static JsonValues nullAs(Object jsonNull, Object unset) {
        return new JsonValues(jsonNull, unset);
    }

    /** A value as a plain Java value. */
    public Object plain(Value value) {
        return switch (value.getKindCase()) {
            case NUMBER_VALUE -> value.getNumberValue();
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case STRUCT_VALUE -> plain(value.getStructValue().getFieldsMap());
            case LIST_VALUE -> {
                List<Object> list = new ArrayList<>(value.getListValue().getValuesCount());
                value.getListValue().getValuesList().forEach(v -> list.add(plain(v)));
                yield list;
            }
            case NULL_VALUE -> jsonNull;
            case KIND_NOT_SET -> unset;
        };
    }

    /** Struct fields (or a map of values) as a map of plain values, in their order. */
    public Map<String, Object> plain(Map<String, Value> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> out.put(k, plain(v)));
        return out;
    }

    /** A plain Java value as a Value; see the class comment for null. */
    public Value value(Object plain) {
        Value.Builder value = Value.newBuilder();
        if (plain == null) {
            value.setNullValue(NullValue.NULL_VALUE);
        } else if (plain instanceof String s) {
            value.setStringValue(s);
        } else if (plain instanceof Number n) {
            value.setNumberValue(n.doubleValue());
        } else if (plain instanceof Boolean b) {
            value.setBoolValue(b);
        } else if (plain instanceof List<?> list) {
            ListValue.Builder values = ListValue.newBuilder();
            list.forEach(v -> values.addValues(value(v)));
            value.setListValue(values);
        } else if (plain instanceof Map<?, ?> map) {
            Struct.Builder struct = Struct.newBuilder();
            map.forEach((k, v) -> struct.putFields(k.toString(), value(v)));
            value.setStructValue(struct);
        } else if (Objects.equals(plain, jsonNull)) {
            value.setNullValue(NullValue.NULL_VALUE);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + plain.getClass().getName());
        }
        return value.build();
    }

    /** A map of plain values as Struct fields, in their order. */
    public Map<String, Value> values(Map<String, ?> plain) {
        Map<String, Value> out = new LinkedHashMap<>();
        plain.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }
}
