package io.crowsnest.profile.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

/**
 * google.protobuf.Value and contract messages as the plain Java values the domain and stores use:
 * String, Double, Boolean, List, Map (null for JSON null), and back. Shared by the contracts profile
 * speaks: scoring's ObserveAttributes (ScoringClient) and profile's own messages (api/'s mapping).
 */
public final class ProtoValues {

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private ProtoValues() {
    }

    public static Object plain(Value value) {
        return switch (value.getKindCase()) {
            case NUMBER_VALUE -> value.getNumberValue();
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case STRUCT_VALUE -> plain(value.getStructValue().getFieldsMap());
            case LIST_VALUE -> {
                List<Object> list = new ArrayList<>();
                value.getListValue().getValuesList().forEach(v -> list.add(plain(v)));
                yield list;
            }
            case NULL_VALUE, KIND_NOT_SET -> null;
        };
    }

    public static Map<String, Object> plain(Map<String, Value> fields) {
        Map<String, Object> map = new LinkedHashMap<>();
        fields.forEach((k, v) -> map.put(k, plain(v)));
        return map;
    }

    public static Value value(Object plain) {
        Value.Builder value = Value.newBuilder();
        if (plain == null) {
            value.setNullValue(NullValue.NULL_VALUE);
        } else if (plain instanceof Number n) {
            value.setNumberValue(n.doubleValue());
        } else if (plain instanceof String s) {
            value.setStringValue(s);
        } else if (plain instanceof Boolean b) {
            value.setBoolValue(b);
        } else if (plain instanceof Map<?, ?> map) {
            Struct.Builder struct = Struct.newBuilder();
            map.forEach((k, v) -> struct.putFields((String) k, value(v)));
            value.setStructValue(struct);
        } else if (plain instanceof List<?> list) {
            ListValue.Builder values = ListValue.newBuilder();
            list.forEach(v -> values.addValues(value(v)));
            value.setListValue(values);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + plain.getClass().getName());
        }
        return value.build();
    }

    /** A contract message as a plain value, in its proto3 JSON form (e.g. a product as an object). */
    public static Object plain(Message message) {
        return plain(parse(print(message), Value.newBuilder()).build());
    }

    /** A plain value read back into a contract message. */
    public static <B extends Message.Builder> B message(Object plain, B builder) {
        return parse(print(value(plain)), builder);
    }

    public static String print(Message message) {
        try {
            return JSON.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), e);
        }
    }

    private static <B extends Message.Builder> B parse(String json, B builder) {
        try {
            PARSER.merge(json, builder);
            return builder;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored value is not a " + builder.getDescriptorForType().getName(), e);
        }
    }
}
