package io.crowsnest.profile.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.protobuf.Timestamp;

import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.TimeRange;
import io.crowsnest.platform.grpc.GrpcErrors;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.profile.domain.AttributePaths;

/**
 * The bad fields of one request, gathered before anything is read or written and thrown together
 * as INVALID_ARGUMENT. A lone violation that has a contract reason (EVENT_IN_FUTURE...) carries it
 * in an ErrorInfo too.
 */
final class Checks {

    static final Pattern SYSTEM = Pattern.compile("[a-z0-9-]{1,64}");
    static final Pattern AGENT = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final GrpcErrors.Violations violations = new GrpcErrors.Violations();
    private final List<String> reasons = new ArrayList<>();

    Checks add(String field, String description) {
        return add(field, description, "");
    }

    Checks add(String field, String description, String reason) {
        violations.add(field, description);
        reasons.add(reason);
        return this;
    }

    void throwIfAny() {
        if (violations.list().size() == 1 && !reasons.get(0).isEmpty()) {
            GrpcErrors.FieldViolation only = violations.list().get(0);
            throw GrpcErrors.invalid(only.field(), only.description(), reasons.get(0));
        }
        violations.throwIfAny();
    }

    void required(boolean present, String field) {
        if (!present) {
            add(field, "is required");
        }
    }

    /** A string of 1 to max characters. */
    void oneTo(String value, int max, String field) {
        if (value.isEmpty() || value.length() > max) {
            add(field, value.isEmpty() ? "is required" : "must be at most " + max + " characters");
        }
    }

    void atMost(String value, int max, String field) {
        if (value.length() > max) {
            add(field, "must be at most " + max + " characters, got " + value.length());
        }
    }

    void matches(String value, Pattern pattern, boolean required, String field) {
        if (value.isEmpty() ? required : !pattern.matcher(value).matches()) {
            add(field, value.isEmpty() ? "is required" : "must match " + pattern.pattern());
        }
    }

    void system(String value, String field) {
        matches(value, SYSTEM, true, field);
    }

    void agent(String value, String field) {
        matches(value, AGENT, false, field);
    }

    void person(PersonRef person, String field) {
        switch (person.getRefCase()) {
            case PERSON_ID -> {
                if (person.getPersonId().isEmpty() || person.getPersonId().length() > 64) {
                    add(field + ".person_id", person.getPersonId().isEmpty() ? "is required"
                            : "must be at most 64 characters");
                }
            }
            case IDENTIFIER -> required(!person.getIdentifier().getType().isEmpty(), field + ".identifier.type");
            case REF_NOT_SET -> add(field, "is required: a person_id or an identifier");
        }
    }

    /** A valid instant, or null after recording why not. */
    Instant instant(Timestamp t, String field) {
        if (t.getSeconds() < -62_135_596_800L || t.getSeconds() > 253_402_300_799L || t.getNanos() < 0
                || t.getNanos() > 999_999_999) {
            add(field, "is not a valid timestamp");
            return null;
        }
        return Timestamps.instant(t);
    }

    /** An instant no further ahead than the clock skew allows, or null after recording why not. */
    Instant notAhead(Timestamp t, Instant latest, String field) {
        Instant at = instant(t, field);
        if (at != null && at.isAfter(latest)) {
            add(field, "is in the future beyond the allowed clock skew");
            return null;
        }
        return at;
    }

    /** The bounds of a half-open range, null where open. */
    Instant[] range(boolean present, TimeRange range, String field) {
        Instant start = present && range.hasStart() ? instant(range.getStart(), field + ".start") : null;
        Instant end = present && range.hasEnd() ? instant(range.getEnd(), field + ".end") : null;
        if (start != null && end != null && end.isBefore(start)) {
            add(field + ".end", "is before start");
        }
        return new Instant[] {start, end};
    }

    /** A well-formed division id that the configured policy knows (any, when none is configured). */
    void division(DivisionRef division, Optional<List<String>> known, String field) {
        String id = division.getId();
        if (!AttributePaths.DIVISION_ID.matcher(id).matches()) {
            add(field + ".id", id.isEmpty() ? "is required" : "must match [a-z0-9-]{1,40}");
        } else if (known.isPresent() && !known.get().isEmpty() && !known.get().contains(id)) {
            add(field + ".id", "unknown division '" + id + "'; known: " + String.join(", ", known.get()));
        }
    }
}
