package io.crowsnest.alertnotification.api;

import java.util.List;
import java.util.regex.Pattern;

import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.common.v1.Reason;
import io.crowsnest.platform.grpc.GrpcErrors.Violations;

/** Field checks shared by the RPCs; each adds a violation with the request's field path. */
final class Checks {

    static final Pattern AGENT_OR_TEAM = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    static final Pattern SYSTEM = Pattern.compile("[a-z0-9-]{1,64}");
    static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");
    static final Pattern DIVISION = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private Checks() {
    }

    static void id(Violations v, String field, String value) {
        if (!AGENT_OR_TEAM.matcher(value).matches()) {
            v.add(field, value.isEmpty() ? "required" : "must match [A-Za-z0-9._@-]{1,64}");
        }
    }

    static void optionalId(Violations v, String field, String value) {
        if (!value.isEmpty()) {
            id(v, field, value);
        }
    }

    static void system(Violations v, String field, String value) {
        if (!SYSTEM.matcher(value).matches()) {
            v.add(field, value.isEmpty() ? "required" : "must match [a-z0-9-]{1,64}");
        }
    }

    static void idempotencyKey(Violations v, String value) {
        if (!KEY.matcher(value).matches()) {
            v.add("idempotency_key", value.isEmpty() ? "required" : "1 to 128 printable ASCII characters");
        }
    }

    static void text(Violations v, String field, String value, int min, int max) {
        if (value.length() < min || value.isBlank() && min > 0) {
            v.add(field, "required");
        } else if (value.length() > max) {
            v.add(field, "at most " + max + " characters");
        }
    }

    static void reason(Violations v, String field, boolean present, Reason reason, boolean required) {
        if (!present) {
            if (required) {
                v.add(field, "required");
            }
            return;
        }
        if (reason.getCode().isEmpty()) {
            v.add(field + ".code", "required");
        } else if (reason.getCode().length() > 64) {
            v.add(field + ".code", "at most 64 characters");
        }
        text(v, field + ".message", reason.getMessage(), 0, 1000);
    }

    static void person(Violations v, String field, boolean present, PersonRef ref) {
        if (!present || ref.getRefCase() == PersonRef.RefCase.REF_NOT_SET) {
            v.add(field, "required");
        } else if (ref.hasIdentifier()) {
            if (ref.getIdentifier().getType().isEmpty()) {
                v.add(field + ".identifier.type", "required");
            }
            if (ref.getIdentifier().getValue().isEmpty()) {
                v.add(field + ".identifier.value", "required");
            }
        } else if (ref.getPersonId().isEmpty() || ref.getPersonId().length() > 64) {
            v.add(field + ".person_id", ref.getPersonId().isEmpty() ? "required" : "at most 64 characters");
        }
    }

    /** The team ids of a listing or subscription: up to 20, well-formed; agent or teams required. */
    static void inboxes(Violations v, String agentId, List<String> teamIds) {
        if (agentId.isEmpty() && teamIds.isEmpty()) {
            v.add("agent_id", "agent_id or team_ids required");
        }
        optionalId(v, "agent_id", agentId);
        if (teamIds.size() > 20) {
            v.add("team_ids", "at most 20 team ids");
        }
        for (int i = 0; i < teamIds.size(); i++) {
            id(v, "team_ids[" + i + "]", teamIds.get(i));
        }
    }
}
