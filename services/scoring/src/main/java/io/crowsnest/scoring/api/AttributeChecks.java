package io.crowsnest.scoring.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Value;

import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.scoring.domain.AttributeRules;
import io.crowsnest.scoring.v1.ObserveAttributesRequest;

/**
 * Checks a pushed attribute snapshot (the attributes by the domain's AttributeRules, read as plain
 * JSON); every problem becomes one field violation and nothing is written.
 */
final class AttributeChecks {

    static final int MAX_BYTES = 262_144;

    private AttributeChecks() {
    }

    static void check(ObserveAttributesRequest r) {
        RequestChecks checks = new RequestChecks();
        checks.personId(r.getPersonId(), "person_id");
        if (r.getVersion() < 1) {
            checks.add("version", "must be at least 1, got " + r.getVersion());
        }
        Map<String, Object> attributes = new HashMap<>();
        r.getAttributesMap().forEach((path, value) -> attributes.put(path, plain(value)));
        AttributeRules.check(attributes, ScoringChecks.violations(checks));
        int bytes = r.toBuilder().clearPersonId().clearIdempotencyKey().clearVersion().build().getSerializedSize();
        if (bytes > MAX_BYTES) {
            checks.add("attributes", "must be encoded in at most " + MAX_BYTES + " bytes, got " + bytes);
        }
        checks.idempotencyKey(r.getIdempotencyKey(), "idempotency_key");
        checks.throwIfAny();
    }

    /** A value as plain JSON; null for JSON null and for an unset value alike. */
    private static Object plain(Value value) {
        return switch (value.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case NUMBER_VALUE -> value.getNumberValue();
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case LIST_VALUE -> {
                List<Object> list = new ArrayList<>();
                value.getListValue().getValuesList().forEach(v -> list.add(plain(v)));
                yield list;
            }
            case STRUCT_VALUE -> {
                Map<String, Object> map = new HashMap<>();
                value.getStructValue().getFieldsMap().forEach((k, v) -> map.put(k, plain(v)));
                yield map;
            }
        };
    }
}
