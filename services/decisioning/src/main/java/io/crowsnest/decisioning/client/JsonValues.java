package io.crowsnest.decisioning.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

/**
 * google.protobuf.Value and the plain Java values (Double, String, Boolean, List, Map) that
 * expressions, templates, answers and the store read: {@link #of} from the wire, {@link #value}
 * back to it. A null or unset value reads as "".
 */
public final class JsonValues {

    private JsonValues() {
    }

    public static Object of(Value v) {
        return switch (v.getKindCase()) {
            case NUMBER_VALUE -> v.getNumberValue();
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case LIST_VALUE -> {
                List<Object> out = new ArrayList<>();
                v.getListValue().getValuesList().forEach(e -> out.add(of(e)));
                yield out;
            }
            case STRUCT_VALUE -> of(v.getStructValue().getFieldsMap());
            default -> "";
        };
    }

    public static Map<String, Object> of(Map<String, Value> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        fields.forEach((k, e) -> out.put(k, of(e)));
        return out;
    }

    /** A plain value on the wire: numbers, strings, booleans, lists and maps; anything else is null. */
    @SuppressWarnings("unchecked")
    public static Value value(Object o) {
        Value.Builder v = Value.newBuilder();
        if (o instanceof Number n) {
            return v.setNumberValue(n.doubleValue()).build();
        } else if (o instanceof String s) {
            return v.setStringValue(s).build();
        } else if (o instanceof Boolean b) {
            return v.setBoolValue(b).build();
        } else if (o instanceof List<?> list) {
            ListValue.Builder l = ListValue.newBuilder();
            list.forEach(e -> l.addValues(value(e)));
            return v.setListValue(l).build();
        } else if (o instanceof Map<?, ?> map) {
            Struct.Builder s = Struct.newBuilder();
            ((Map<String, Object>) map).forEach((k, e) -> s.putFields(k, value(e)));
            return v.setStructValue(s).build();
        }
        return v.setNullValueValue(0).build();
    }
}
