package io.crowsnest.contactgovernance.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.PolicyFieldChange;

/**
 * Field-level differences between two policy versions, for the audit trail. Works generically over
 * the protobuf descriptors: scalar fields by name, nested messages field by field, repeated
 * messages keyed by their id field (rule_id, division_id, level_id, or channel and purpose), other
 * repeated fields as whole lists. Values are in proto3 JSON form.
 */
public final class PolicyDiff {

    /** Fields identifying an element of a repeated message field, tried in this order. */
    private static final List<List<String>> KEYS = List.of(
            List.of("rule_id"), List.of("division_id"), List.of("level_id"), List.of("channel", "purpose"));

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
    private static final JsonFormat.Printer PRINTER_WITH_DEFAULTS = PRINTER.alwaysPrintFieldsWithNoPresence();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private static final Value NULL = Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();

    private PolicyDiff() {
    }

    /**
     * The changes from {@code before} to {@code after}; {@code before} null for a first version,
     * in which case every set field of {@code after} is reported with a null before value.
     */
    public static List<PolicyFieldChange> changes(Policy before, Policy after) {
        List<PolicyFieldChange> out = new ArrayList<>();
        diff("", before, after, out);
        return out;
    }

    /** Differences of two messages of the same type; {@code before} null means absent. */
    private static void diff(String prefix, Message before, Message after, List<PolicyFieldChange> out) {
        Descriptor type = after.getDescriptorForType();
        List<FieldDescriptor> fields = new ArrayList<>(type.getFields());
        fields.sort(Comparator.comparingInt(FieldDescriptor::getNumber));
        for (FieldDescriptor field : fields) {
            String path = prefix.isEmpty() ? field.getName() : prefix + "." + field.getName();
            if (field.isRepeated()) {
                List<String> key = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isMapField()
                        ? keyOf(field.getMessageType()) : null;
                if (key == null || !keyedList(path, key, field, before, after, out)) {
                    wholeList(path, field, before, after, out);
                }
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                boolean had = before != null && before.hasField(field);
                boolean has = after.hasField(field);
                if (had && has) {
                    diff(path, (Message) before.getField(field), (Message) after.getField(field), out);
                } else if (had) {
                    out.add(change(path, json((Message) before.getField(field)), NULL));
                } else if (has) {
                    out.add(change(path, NULL, json((Message) after.getField(field))));
                }
            } else if (before == null) {
                if (after.hasField(field)) {
                    out.add(change(path, NULL, fieldJson(after, field)));
                }
            } else if (!before.getField(field).equals(after.getField(field))) {
                out.add(change(path, fieldJson(before, field), fieldJson(after, field)));
            }
        }
    }

    /** A repeated field compared as one value. */
    private static void wholeList(String path, FieldDescriptor field, Message before, Message after,
            List<PolicyFieldChange> out) {
        if (before == null) {
            if (after.getRepeatedFieldCount(field) > 0) {
                out.add(change(path, NULL, fieldJson(after, field)));
            }
        } else if (!before.getField(field).equals(after.getField(field))) {
            out.add(change(path, fieldJson(before, field), fieldJson(after, field)));
        }
    }

    /**
     * A repeated message field whose elements are matched by key. Returns false (nothing added)
     * when keys repeat within either list, so that the caller compares whole lists instead.
     */
    private static boolean keyedList(String path, List<String> key, FieldDescriptor field, Message before,
            Message after, List<PolicyFieldChange> out) {
        Map<String, Message> old = before == null ? new LinkedHashMap<>() : byKey(key, before, field);
        Map<String, Message> now = byKey(key, after, field);
        if (old == null || now == null) {
            return false;
        }
        for (Map.Entry<String, Message> e : now.entrySet()) {
            String elementPath = path + "[" + e.getKey() + "]";
            Message was = old.get(e.getKey());
            if (was == null) {
                out.add(change(elementPath, NULL, json(e.getValue())));
            } else {
                diff(elementPath, was, e.getValue(), out);
            }
        }
        for (Map.Entry<String, Message> e : old.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                out.add(change(path + "[" + e.getKey() + "]", json(e.getValue()), NULL));
            }
        }
        return true;
    }

    /** Elements by key text such as "rule_id=global-weekly", in list order; null on a repeated key. */
    private static Map<String, Message> byKey(List<String> key, Message owner, FieldDescriptor field) {
        Map<String, Message> map = new LinkedHashMap<>();
        int n = owner.getRepeatedFieldCount(field);
        for (int i = 0; i < n; i++) {
            Message element = (Message) owner.getRepeatedField(field, i);
            StringBuilder text = new StringBuilder();
            for (String name : key) {
                FieldDescriptor keyField = element.getDescriptorForType().findFieldByName(name);
                if (text.length() > 0) {
                    text.append(',');
                }
                text.append(name).append('=').append(keyText(element.getField(keyField)));
            }
            if (map.putIfAbsent(text.toString(), element) != null) {
                return null;
            }
        }
        return map;
    }

    private static String keyText(Object value) {
        if (value instanceof com.google.protobuf.Descriptors.EnumValueDescriptor e) {
            return e.getName();
        }
        return String.valueOf(value);
    }

    /** The key fields of an element type, or null when it has none. */
    private static List<String> keyOf(Descriptor type) {
        for (List<String> key : KEYS) {
            boolean all = true;
            for (String name : key) {
                FieldDescriptor f = type.findFieldByName(name);
                if (f == null || f.isRepeated() || f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return key;
            }
        }
        return null;
    }

    private static PolicyFieldChange change(String path, Value before, Value after) {
        return PolicyFieldChange.newBuilder().setPath(path).setBefore(before).setAfter(after).build();
    }

    /** A whole message in proto3 JSON. */
    private static Value json(Message message) {
        try {
            Value.Builder value = Value.newBuilder();
            PARSER.merge(PRINTER.print(message), value);
            return value.build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot render " + message.getDescriptorForType().getFullName()
                    + " as JSON", e);
        }
    }

    /**
     * One field of a message in proto3 JSON, default values included (e.g. "" or 0 when a field was
     * cleared, [] for an emptied list).
     */
    private static Value fieldJson(Message owner, FieldDescriptor field) {
        Message only = owner.newBuilderForType().setField(field, owner.getField(field)).build();
        try {
            Struct.Builder struct = Struct.newBuilder();
            PARSER.merge(PRINTER_WITH_DEFAULTS.print(only), struct);
            Value value = struct.getFieldsMap().get(field.getName());
            return value == null ? NULL : value;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot render " + field.getFullName() + " as JSON", e);
        }
    }
}
