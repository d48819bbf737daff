package io.crowsnest.decisioning.api;

import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.decisioning.domain.FieldChecks;
import io.crowsnest.platform.grpc.RequestChecks;

/**
 * Checks of the fields decisioning's contract shares with the others (person ids and references,
 * requesting systems, idempotency keys, reasons): the platform's {@link RequestChecks} decides them, with its
 * rule and wording, and its violations join the request's other ones in order. The shapes of
 * decisioning's own identifiers are the domain's {@link FieldChecks}.
 */
final class Checks {

    static final Pattern ACTOR = FieldChecks.ACTOR;

    private Checks() {
    }

    static void matches(String value, Pattern pattern, String field, String what, FieldChecks v) {
        v.matches(value, pattern, field, what);
    }

    static void length(String value, int max, String field, FieldChecks v) {
        v.length(value, max, field);
    }

    /** The request's idempotency key (field {@code idempotency_key}), by the platform's rule. */
    static void idempotencyKey(String key, FieldChecks v) {
        shared(v, c -> c.idempotencyKey(key, "idempotency_key"));
    }

    /** A person id, by the platform's rule. */
    static void personId(String value, String field, FieldChecks v) {
        shared(v, c -> c.personId(value, field));
    }

    /** The system making the request (or the source of a response), by the platform's rule. */
    static void requestingSystem(String value, String field, FieldChecks v) {
        shared(v, c -> c.requestingSystem(value, field));
    }

    /** A reason: its code required and upper snake case, its message not too long, by the platform's rule. */
    static void reason(Reason reason, String field, FieldChecks v) {
        shared(v, c -> c.reason(reason, field));
    }

    /** A person reference, by the platform's rule. */
    static void person(PersonRef ref, String field, FieldChecks v) {
        shared(v, c -> c.person(ref, field));
    }

    static String abbreviate(String s) {
        return FieldChecks.abbreviate(s);
    }

    private static void shared(FieldChecks v, Consumer<RequestChecks> check) {
        RequestChecks checks = new RequestChecks();
        check.accept(checks);
        checks.violations().forEach(x -> v.add(x.field(), x.description()));
    }
}
