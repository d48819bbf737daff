package io.crowsnest.profile.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.protobuf.Timestamp;

import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.TimeRange;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.profile.domain.AttributePaths;
import io.crowsnest.profile.domain.PropertyRules;

/**
 * The bad fields of one request, gathered before anything is read or written and thrown together
 * as INVALID_ARGUMENT (with the first contract reason, EVENT_IN_FUTURE..., in an ErrorInfo too).
 * The fields every contract shares (person references and ids, requesting systems, idempotency keys,
 * timestamps) follow the platform's {@link RequestChecks}; the rest are profile's own.
 */
final class Checks {

    static final Pattern AGENT = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final RequestChecks shared = new RequestChecks();

    /** The platform's checks these add to, e.g. for page tokens. */
    RequestChecks shared() {
        return shared;
    }

    Checks add(String field, String description) {
        shared.add(field, description);
        return this;
    }

    Checks add(String field, String description, String reason) {
        shared.add(field, description, reason);
        return this;
    }

    /** A broken domain rule, at its path, with its reason when it has one. */
    Checks add(PropertyRules.Problem problem) {
        return problem.reason() == null ? add(problem.path(), problem.description())
                : add(problem.path(), problem.description(), problem.reason());
    }

    void throwIfAny() {
        shared.throwIfAny();
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
        shared.requestingSystem(value, field);
    }

    void idempotencyKey(String value, String field) {
        shared.idempotencyKey(value, field);
    }

    void personId(String value, String field) {
        shared.personId(value, field);
    }

    void agent(String value, String field) {
        matches(value, AGENT, false, field);
    }

    void person(PersonRef person, String field) {
        shared.person(person, field);
    }

    /** A valid instant, or null after recording why not. */
    Instant instant(Timestamp t, String field) {
        return shared.timestamp(t, field);
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
