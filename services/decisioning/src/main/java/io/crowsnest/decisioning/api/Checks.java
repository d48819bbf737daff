package io.crowsnest.decisioning.api;

import java.util.regex.Pattern;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.decisioning.domain.FieldChecks;
import io.crowsnest.platform.grpc.RequestChecks;

/**
 * Checks of the fields decisioning's contract shares with the others (person ids and references,
 * requesting systems, idempotency keys), with the platform's shapes; the shapes of decisioning's
 * own identifiers are the domain's {@link FieldChecks}.
 */
final class Checks {

    static final Pattern PERSON_ID = RequestChecks.PERSON_ID;
    static final Pattern SYSTEM = RequestChecks.SYSTEM;
    static final Pattern ACTOR = FieldChecks.ACTOR;
    static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1," + RequestChecks.MAX_IDEMPOTENCY_KEY + "}");

    private Checks() {
    }

    static void matches(String value, Pattern pattern, String field, String what, FieldChecks v) {
        v.matches(value, pattern, field, what);
    }

    static void idempotencyKey(String key, FieldChecks v) {
        v.matches(key, KEY, "idempotency_key", "1 to 128 printable ASCII characters without spaces");
    }

    static void length(String value, int max, String field, FieldChecks v) {
        v.length(value, max, field);
    }

    static void person(PersonRef ref, String field, FieldChecks v) {
        switch (ref.getRefCase()) {
            case PERSON_ID -> v.matches(ref.getPersonId(), PERSON_ID, field + ".person_id", "a person id "
                    + "([A-Za-z0-9._:@-]{1,64})");
            case IDENTIFIER -> {
                if (ref.getIdentifier().getType().isEmpty()) {
                    v.add(field + ".identifier.type", "is required");
                }
                if (ref.getIdentifier().getValue().isEmpty()) {
                    v.add(field + ".identifier.value", "is required");
                }
                v.length(ref.getIdentifier().getValue(), 320, field + ".identifier.value");
            }
            default -> v.add(field, "is required: a person id or an identifier");
        }
    }

    static String abbreviate(String s) {
        return FieldChecks.abbreviate(s);
    }
}
