package io.crowsnest.contactgovernance.mapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

import io.crowsnest.contactgovernance.domain.PolicyAuditEntry;
import io.crowsnest.contactgovernance.domain.PolicyDiff;
import io.crowsnest.contactgovernance.v1.Policy;

/**
 * A policy message as the domain's {@link PolicyDiff} reads it: every field by its contract name in
 * field-number order, over the contract's descriptors, with values in proto3 JSON as the audit
 * keeps them (read into a google.protobuf.Value and written back, as the contract's
 * PolicyFieldChange carries them).
 */
public final class PolicyFields {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
    private static final JsonFormat.Printer PRINTER_WITH_DEFAULTS = PRINTER.alwaysPrintFieldsWithNoPresence();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private PolicyFields() {
    }

    /** The audit's changes from {@code before} (null for a first version) to {@code after}. */
    public static List<PolicyAuditEntry.Change> changes(Policy before, Policy after) {
        return PolicyDiff.changes(before == null ? null : node(before), node(after));
    }

    public static PolicyDiff.Node node(Message message) {
        Descriptor type = message.getDescriptorForType();
        List<FieldDescriptor> fields = new ArrayList<>(type.getFields());
        fields.sort(Comparator.comparingInt(FieldDescriptor::getNumber));
        List<PolicyDiff.Field> out = new ArrayList<>();
        for (FieldDescriptor field : fields) {
            Object value = message.getField(field);
            if (field.isRepeated()) {
                PolicyDiff.Values list = new PolicyDiff.Values(field.getName(), value,
                        message.getRepeatedFieldCount(field), () -> fieldJson(message, field));
                if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isMapField()) {
                    List<PolicyDiff.Node> elements = new ArrayList<>();
                    for (int i = 0; i < list.count(); i++) {
                        elements.add(node((Message) message.getRepeatedField(field, i)));
                    }
                    out.add(new PolicyDiff.Elements(list, elements, singleValues(field.getMessageType())));
                } else {
                    out.add(list);
                }
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                out.add(new PolicyDiff.Nested(field.getName(),
                        message.hasField(field) ? node((Message) value) : null));
            } else {
                out.add(new PolicyDiff.Scalar(field.getName(), message.hasField(field), value,
                        value instanceof EnumValueDescriptor e ? e.getName() : String.valueOf(value),
                        () -> fieldJson(message, field)));
            }
        }
        return new PolicyDiff.Node(out, () -> json(message));
    }

    /** The names of a message type's single, non-message fields. */
    private static List<String> singleValues(Descriptor type) {
        return type.getFields().stream()
                .filter(f -> !f.isRepeated() && f.getJavaType() != FieldDescriptor.JavaType.MESSAGE)
                .map(FieldDescriptor::getName).toList();
    }

    /** A whole message in proto3 JSON, fields at their default left out. */
    private static String json(Message message) {
        try {
            Value.Builder value = Value.newBuilder();
            PARSER.merge(PRINTER.print(message), value);
            return PRINTER.print(value.build());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot render " + message.getDescriptorForType().getFullName()
                    + " as JSON", e);
        }
    }

    /**
     * One field of a message in proto3 JSON, default values included (e.g. "" or 0 when a field was
     * cleared, [] for an emptied list).
     */
    private static String fieldJson(Message owner, FieldDescriptor field) {
        Message only = owner.newBuilderForType().setField(field, owner.getField(field)).build();
        try {
            Struct.Builder struct = Struct.newBuilder();
            PARSER.merge(PRINTER_WITH_DEFAULTS.print(only), struct);
            Value value = struct.getFieldsMap().get(field.getName());
            return value == null ? PolicyDiff.NULL : PRINTER.print(value);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot render " + field.getFullName() + " as JSON", e);
        }
    }
}
