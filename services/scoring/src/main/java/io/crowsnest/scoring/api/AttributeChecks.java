package io.crowsnest.scoring.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.google.protobuf.Value;

import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.scoring.v1.ObserveAttributesRequest;

/**
 * Checks a pushed attribute snapshot; every problem becomes one field violation and nothing is
 * written. The value rules are profile's own (so that nothing profile accepts is refused here):
 * no null at any depth, finite numbers, strings up to 4,096 characters, nesting up to 4 levels.
 */
final class AttributeChecks {

    static final int MAX_ATTRIBUTES = 200;
    static final int MAX_BYTES = 262_144;
    static final int MAX_STRING = 4096;
    static final int MAX_DEPTH = 4;
    /** A profile attribute path: a field or key, optionally within a group ("demographics.birth_year"). */
    static final Pattern PATH = Pattern.compile("[a-z][a-z0-9_]{0,63}(\\.[a-z][a-z0-9_]{0,63})?");

    private AttributeChecks() {
    }

    static void check(ObserveAttributesRequest r) {
        RequestChecks checks = new RequestChecks();
        checks.personId(r.getPersonId(), "person_id");
        if (r.getVersion() < 1) {
            checks.add("version", "must be at least 1, got " + r.getVersion());
        }
        if (r.getAttributesCount() > MAX_ATTRIBUTES) {
            checks.add("attributes", "must hold at most " + MAX_ATTRIBUTES + " attributes, got "
                    + r.getAttributesCount());
        }
        Map<String, Value> attributes = new TreeMap<>(r.getAttributesMap());
        attributes.forEach((path, value) -> {
            String field = "attributes[" + RequestChecks.abbreviate(path) + "]";
            if (!PATH.matcher(path).matches()) {
                checks.add(field, "is not a profile attribute path ([a-z][a-z0-9_]{0,63}, optionally followed by"
                        + " '.' and another such key)");
            } else {
                value(value, field, 1, checks);
            }
        });
        int bytes = r.toBuilder().clearPersonId().clearIdempotencyKey().clearVersion().build().getSerializedSize();
        if (bytes > MAX_BYTES) {
            checks.add("attributes", "must be encoded in at most " + MAX_BYTES + " bytes, got " + bytes);
        }
        checks.idempotencyKey(r.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
    }

    private static void value(Value value, String field, int level, RequestChecks checks) {
        switch (value.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> checks.add(field,
                    "must not be null: leave an attribute that is not set out");
            case NUMBER_VALUE -> {
                if (!Double.isFinite(value.getNumberValue())) {
                    checks.add(field, "must be a finite number");
                }
            }
            case STRING_VALUE -> {
                if (value.getStringValue().length() > MAX_STRING) {
                    checks.add(field, "strings are at most " + MAX_STRING + " characters, got "
                            + value.getStringValue().length());
                }
            }
            case LIST_VALUE -> {
                if (level > MAX_DEPTH) {
                    checks.add(field, "lists and objects nest at most " + MAX_DEPTH + " levels");
                    return;
                }
                for (int i = 0; i < value.getListValue().getValuesCount(); i++) {
                    value(value.getListValue().getValues(i), field + "[" + i + "]", level + 1, checks);
                }
            }
            case STRUCT_VALUE -> {
                if (level > MAX_DEPTH) {
                    checks.add(field, "lists and objects nest at most " + MAX_DEPTH + " levels");
                    return;
                }
                new TreeMap<>(value.getStructValue().getFieldsMap())
                        .forEach((k, v) -> value(v, field + "." + k, level + 1, checks));
            }
            default -> {
            }
        }
    }
}
