package io.crowsnest.decisioning.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Value;

/** google.protobuf.Value as the plain Java values expressions, templates and the store read. */
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
}
