package io.crowsnest.decisioning.api;

import java.util.regex.Pattern;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.platform.grpc.GrpcErrors.Violations;

/** Patterns and checks shared by the request checks. */
final class Checks {

    static final Pattern ACTION_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    static final Pattern PERSON_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");
    static final Pattern DIVISION_ID = Pattern.compile("[a-z0-9-]{1,40}");
    static final Pattern PLACEMENT = Pattern.compile("[a-z0-9:._-]{0,64}");
    static final Pattern PROPERTY_KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final Pattern SIMPLE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final Pattern REASON_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    static final Pattern SYSTEM = Pattern.compile("[a-z0-9-]{1,64}");
    static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");
    static final Pattern DECISION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** Action ids that would shadow, or be shadowed by, a route of the catalogue's HTTP API. */
    static final java.util.Set<String> RESERVED_ACTION_IDS = java.util.Set.of("changes");

    private Checks() {
    }

    static void matches(String value, Pattern pattern, String field, String what, Violations v) {
        if (value.isEmpty()) {
            v.add(field, "is required: " + what);
        } else if (!pattern.matcher(value).matches()) {
            v.add(field, "'" + abbreviate(value) + "' is not " + what);
        }
    }

    static void idempotencyKey(String key, Violations v) {
        matches(key, KEY, "idempotency_key", "1 to 128 printable ASCII characters without spaces", v);
    }

    static void length(String value, int max, String field, Violations v) {
        if (value.codePointCount(0, value.length()) > max) {
            v.add(field, "is longer than " + max + " characters");
        }
    }

    static void person(PersonRef ref, String field, Violations v) {
        switch (ref.getRefCase()) {
            case PERSON_ID -> matches(ref.getPersonId(), PERSON_ID, field + ".person_id", "a person id "
                    + "([A-Za-z0-9._:@-]{1,64})", v);
            case IDENTIFIER -> {
                if (ref.getIdentifier().getType().isEmpty()) {
                    v.add(field + ".identifier.type", "is required");
                }
                if (ref.getIdentifier().getValue().isEmpty()) {
                    v.add(field + ".identifier.value", "is required");
                }
                length(ref.getIdentifier().getValue(), 320, field + ".identifier.value", v);
            }
            default -> v.add(field, "is required: a person id or an identifier");
        }
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
