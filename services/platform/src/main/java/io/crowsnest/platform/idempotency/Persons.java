package io.crowsnest.platform.idempotency;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

/**
 * The persons an idempotency record concerns, read from its request and response by the contracts'
 * naming rule: every top-level string field named {@code person_id} or ending in {@code _person_id}
 * (e.g. {@code survivor_person_id}), and every repeated one named {@code person_ids} or ending in
 * {@code _person_ids}, and the {@code person_id} of a top-level message field named {@code person} or
 * ending in {@code _person} (a {@code crowsnest.common.v1.PersonRef}). A service names the persons
 * this rule cannot find (inside a request's items, or known only to the service) to
 * {@link Idempotency#once(String, String, Message, com.google.protobuf.Parser, java.util.function.Supplier,
 * java.util.function.Function)}. An erasure deletes the records of the persons it erases.
 */
final class Persons {

    private Persons() {
    }

    static List<String> of(Message... messages) {
        Set<String> persons = new LinkedHashSet<>();
        for (Message message : messages) {
            for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
                String name = field.getName();
                if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()
                        && (name.equals("person") || name.endsWith("_person")) && message.hasField(field)) {
                    Message ref = (Message) message.getField(field);
                    FieldDescriptor id = ref.getDescriptorForType().findFieldByName("person_id");
                    if (id != null && id.getJavaType() == FieldDescriptor.JavaType.STRING && !id.isRepeated()) {
                        add(persons, (String) ref.getField(id));
                    }
                    continue;
                }
                if (field.getJavaType() != FieldDescriptor.JavaType.STRING) {
                    continue;
                }
                if (field.isRepeated() && (name.equals("person_ids") || name.endsWith("_person_ids"))) {
                    for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
                        add(persons, (String) message.getRepeatedField(field, i));
                    }
                } else if (!field.isRepeated() && (name.equals("person_id") || name.endsWith("_person_id"))) {
                    add(persons, (String) message.getField(field));
                }
            }
        }
        return List.copyOf(persons);
    }

    private static void add(Set<String> persons, String id) {
        if (!id.isBlank()) {
            persons.add(id);
        }
    }
}
